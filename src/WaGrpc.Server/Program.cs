using WaGrpc.Browser;
using WaGrpc.Server.Infrastructure;

// The browser session's driver loads while the host starts (a shorter cold start).
PlaywrightDriver.StartEarly();
var builder = WebApplication.CreateBuilder(args);
builder.AddWaGrpcServer();

var app = builder.Build();
app.MapWaGrpc();
app.Run();

/// <summary>The host's entry point (public for tests).</summary>
public partial class Program;

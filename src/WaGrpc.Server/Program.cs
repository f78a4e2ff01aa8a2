using WaGrpc.Server.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
builder.AddWaGrpcServer();

var app = builder.Build();
app.MapWaGrpc();
app.Run();

/// <summary>The host's entry point (public for tests).</summary>
public partial class Program;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WaGrpc.Testing;

/// <summary>A real HTTP server on a loopback port serving fixed files (for /sendFile by URL).</summary>
public sealed class FileServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FileServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>How many requests the server answered.</summary>
    public int Requests => _requests;

    private int _requests;

    /// <summary>Serves <paramref name="files"/>; each path of <paramref name="redirects"/> answers 302 to its URL.</summary>
    public static async Task<FileServer> StartAsync(IReadOnlyDictionary<string, (string ContentType, byte[] Content)> files, IReadOnlyDictionary<string, string>? redirects = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        // Not the gateway's appsettings.json (its Kestrel endpoints) from the test output folder.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        FileServer? server = null;
        app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref server!._requests);
            await next(context);
        });
        foreach (var (path, file) in files)
        {
            app.MapGet(path, () => Results.Bytes(file.Content, file.ContentType));
        }

        foreach (var (path, location) in redirects ?? new Dictionary<string, string>())
        {
            app.MapGet(path, () => Results.Redirect(location));
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new FileServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

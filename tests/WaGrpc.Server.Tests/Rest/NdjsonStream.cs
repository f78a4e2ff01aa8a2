using System.Text.Json.Nodes;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>An open newline-delimited JSON answer; disposing it cancels the request.</summary>
internal sealed class NdjsonStream(HttpResponseMessage response, StreamReader reader, CancellationTokenSource cancellation) : IAsyncDisposable
{
    /// <summary>The next non-empty line, parsed; it must be a JSON object.</summary>
    public async Task<JsonObject> NextAsync()
    {
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellation.Token).AsTask().DefaultTimeout();
            Assert.NotNull(line); // the stream must stay open
            if (line.Trim().Length > 0)
            {
                return Assert.IsType<JsonObject>(JsonNode.Parse(line));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await cancellation.CancelAsync();
        reader.Dispose();
        response.Dispose();
        cancellation.Dispose();
    }
}

using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Infrastructure;

namespace WaGrpc.Server.Messaging;

/// <summary>
/// Downloads a file given by URL for /sendFile, within the size and time limits, through the
/// <see cref="FetchGuard"/> (no internal addresses; each redirect checked, at most <see cref="MaxRedirects"/>).
/// </summary>
public sealed class FileFetcher(HttpClient http, FetchGuard guard, IOptions<OutboundOptions> options)
{
    /// <summary>The most redirects followed.</summary>
    public const int MaxRedirects = 5;

    public async Task<OutboundFile> FetchAsync(Uri url, string filename, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxFileBytes;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.DownloadTimeout);
        try
        {
            using var response = await GetFollowingRedirectsAsync(url, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                var permanent = (int)response.StatusCode is >= 400 and < 500 and not 408 and not 429;
                throw new EngineException($"Downloading {url} answered HTTP {(int)response.StatusCode}.") { Permanent = permanent };
            }

            if (response.Content.Headers.ContentLength > limit)
            {
                throw new EngineException($"The file at {url} is larger than the limit of {limit} bytes.") { Permanent = true };
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, timeout.Token)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new EngineException($"The file at {url} is larger than the limit of {limit} bytes.") { Permanent = true };
                }

                buffer.Write(chunk, 0, read);
            }

            return new OutboundFile(filename, MimeType(response.Content.Headers.ContentType, filename), buffer.ToArray());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EngineException($"Downloading {url} took longer than {options.Value.DownloadTimeout.TotalSeconds:0.###} s.");
        }
        catch (HttpRequestException ex) when (ex.InnerException is FetchDeniedException denied)
        {
            throw new EngineException($"Downloading {url} failed: {denied.Message}", ex) { Permanent = true };
        }
        catch (HttpRequestException ex)
        {
            throw new EngineException($"Downloading {url} failed: {ex.Message}", ex);
        }
    }

    // Each hop is checked like the first (scheme, internal literal); its connection by the guard.
    private async Task<HttpResponseMessage> GetFollowingRedirectsAsync(Uri url, CancellationToken cancellationToken)
    {
        for (var hop = 0; ; hop++)
        {
            try
            {
                guard.CheckUrl(url, "body");
            }
            catch (WaGrpc.Core.ValidationException ex)
            {
                throw new EngineException($"Downloading {url} failed: {ex.Message}") { Permanent = true };
            }

            var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location is not { } location)
            {
                return response;
            }

            response.Dispose();
            if (hop == MaxRedirects)
            {
                throw new EngineException($"Downloading {url} was redirected more than {MaxRedirects} times.") { Permanent = true };
            }

            url = location.IsAbsoluteUri ? location : new Uri(url, location);
        }
    }

    private static string MimeType(MediaTypeHeaderValue? header, string filename) =>
        header?.MediaType is { Length: > 0 } type && type != "application/octet-stream" ? type : FileSource.GuessMimeType(filename);
}

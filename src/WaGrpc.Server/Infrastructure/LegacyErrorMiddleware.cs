using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace WaGrpc.Server.Infrastructure;

/// <summary>
/// Gives every REST error the legacy body: one JSON object with a single "error" string, instead of
/// the transcoding's google.rpc.Status JSON or an empty body. Successful answers (also streams)
/// pass through untouched; only an answer whose status is 4xx/5xx when it starts is captured.
/// </summary>
public sealed partial class LegacyErrorMiddleware(RequestDelegate next, ILogger<LegacyErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (RestRequests.IsGrpc(context.Request) || context.WebSockets.IsWebSocketRequest)
        {
            await next(context);
            return;
        }

        var original = context.Response.Body;
        await using var capture = new ErrorCaptureStream(original, context.Response);
        context.Response.Body = capture;
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            LogUnhandled(ex, context.Request.Path);
            context.Response.Clear();
            context.Response.Body = original;
            await WriteErrorAsync(context.Response, StatusCodes.Status500InternalServerError, "Internal error; see the server log.");
            return;
        }
        finally
        {
            context.Response.Body = original;
        }

        if (capture.Captured is { } captured)
        {
            await WriteErrorAsync(context.Response, context.Response.StatusCode, ExtractMessage(captured, context.Response.StatusCode));
        }
        else if (context.Response.StatusCode >= 400 && !context.Response.HasStarted)
        {
            await WriteErrorAsync(context.Response, context.Response.StatusCode, DefaultMessage(context));
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes a legacy error answer.</summary>
    public static Task WriteErrorAsync(HttpResponse response, int statusCode, string message)
    {
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=utf-8";
        var body = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["error"] = message }, JsonOptions);
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    private static string DefaultMessage(HttpContext context) => context.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => $"Unknown path: {context.Request.Method} {context.Request.Path}",
        StatusCodes.Status405MethodNotAllowed => $"Method {context.Request.Method} is not allowed on {context.Request.Path}",
        _ => ReasonPhrases.GetReasonPhrase(context.Response.StatusCode),
    };

    private static string ExtractMessage(byte[] body, int statusCode)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject json)
            {
                if (json["error"] is JsonValue error && error.TryGetValue<string>(out var text))
                {
                    return text;
                }

                if (json["message"] is JsonValue message && message.TryGetValue<string>(out var messageText) && messageText.Length > 0)
                {
                    return messageText;
                }
            }
        }
        catch (JsonException)
        {
        }

        var raw = System.Text.Encoding.UTF8.GetString(body).Trim();
        return raw.Length > 0 ? raw : ReasonPhrases.GetReasonPhrase(statusCode);
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private partial void LogUnhandled(Exception ex, string path);

    /// <summary>Passes writes through, unless the answer is an error when the first byte is written: then it keeps them.</summary>
    private sealed class ErrorCaptureStream(Stream inner, HttpResponse response) : Stream
    {
        private MemoryStream? _buffer;
        private bool _decided;

        public byte[]? Captured => _buffer?.ToArray();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        private Stream Target
        {
            get
            {
                if (!_decided)
                {
                    _decided = true;
                    if (response.StatusCode >= 400)
                    {
                        _buffer = new MemoryStream();
                    }
                }

                return _buffer ?? inner;
            }
        }

        public override void Flush() => Target.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => Target.FlushAsync(cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => Target.Write(buffer, offset, count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Target.WriteAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            Target.WriteAsync(buffer, cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _buffer?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

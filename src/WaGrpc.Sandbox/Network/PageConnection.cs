using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace WaGrpc.Sandbox.Network;

/// <summary>
/// One WebSocket from a stand-in page. Frames to the page go through one channel and one writer;
/// frames from the page are handed to the network one at a time, in order.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The QR series is disposed when it stops, and RunAsync stops it when the socket ends.")]
public sealed class PageConnection
{
    private readonly WebSocket _socket;
    // Text frames, and last a close: (null, code, reason). One writer sends them in order.
    private readonly Channel<(string? Text, int Code, string Reason)> _outgoing =
        Channel.CreateUnbounded<(string?, int, string)>(new UnboundedChannelOptions { SingleReader = true });
    private CancellationTokenSource? _qrSeries;

    public PageConnection(WebSocket socket) => _socket = socket;

    /// <summary>A random id, for logs.</summary>
    public string Id { get; } = Guid.NewGuid().ToString("N")[..8];

    public string NoiseKey { get; set; } = "";

    public string IdentityKey { get; set; } = "";

    /// <summary>The ADV secret this page's QR codes carry (the page's own, from its hello).</summary>
    public string AdvSecret { get; set; } = "";

    /// <summary>The device credentials the page presented and the network accepted.</summary>
    public bool HasValidCreds { get; set; }

    /// <summary>The device id of the accepted credentials.</summary>
    public string DeviceId { get; set; } = "";

    /// <summary>Every reference shown to this page, newest last.</summary>
    public List<QrRef> IssuedRefs { get; } = [];

    /// <summary>The reference the page shows now, or null.</summary>
    public QrRef? CurrentRef { get; set; }

    /// <summary>The pairing code this page asked for (linking with a phone number), or null.</summary>
    public string? PairingCode { get; set; }

    /// <summary>The phone number the pairing code was asked for.</summary>
    public string? PairingPhone { get; set; }

    /// <summary>Sends a frame to the page (never waits).</summary>
    public void Send(JsonObject frame) => _outgoing.Writer.TryWrite((frame.ToJsonString(), 0, ""));

    /// <summary>Starts a new QR series, stopping the previous one; answers its cancellation token.</summary>
    public CancellationToken RestartQrSeries()
    {
        StopQrSeries();
        _qrSeries = new CancellationTokenSource();
        return _qrSeries.Token;
    }

    public void StopQrSeries()
    {
        _qrSeries?.Cancel();
        _qrSeries?.Dispose();
        _qrSeries = null;
        CurrentRef = null;
    }

    /// <summary>Runs the connection until it closes: frames from the page go to <paramref name="onFrame"/>.</summary>
    public async Task RunAsync(Func<PageConnection, JsonObject, Task> onFrame, CancellationToken cancellationToken)
    {
        var writer = WriteLoopAsync(cancellationToken);
        try
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                JsonObject? frame = null;
                try
                {
                    frame = JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)) as JsonObject;
                }
                catch (JsonException)
                {
                }

                message.SetLength(0);
                if (frame is not null)
                {
                    await onFrame(this, frame);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The page went away or the network closed it.
        }
        finally
        {
            StopQrSeries();
            _outgoing.Writer.TryComplete();
            await writer;
        }
    }

    /// <summary>Closes the socket after the frames already queued (4000: the network went offline).</summary>
    public void Close(int code, string reason)
    {
        _outgoing.Writer.TryWrite((null, code, reason));
        _outgoing.Writer.TryComplete();
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (text, code, reason) in _outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                if (_socket.State != WebSocketState.Open)
                {
                    break;
                }

                if (text is null)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
                    _socket.Abort();
                    break;
                }

                await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}

namespace WaGrpc.Browser;

/// <summary>
/// Where the session opens WhatsApp Web. A service rather than a setting because the sandbox
/// stand-in's address is known only once the gateway listens (tests listen on port 0).
/// </summary>
public interface IWhatsAppWebAddress
{
    /// <summary>The page's URL; may wait until it is known.</summary>
    ValueTask<Uri> GetAsync(CancellationToken cancellationToken);
}

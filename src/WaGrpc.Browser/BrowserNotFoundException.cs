namespace WaGrpc.Browser;

/// <summary>No browser to run: the message says what to install or configure.</summary>
public sealed class BrowserNotFoundException(string message) : Exception(message);

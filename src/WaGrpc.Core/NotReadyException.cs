namespace WaGrpc.Core;

/// <summary>The session is not in a state that allows this (for example, no QR code is shown).</summary>
public sealed class NotReadyException : Exception
{
    public NotReadyException() { }

    public NotReadyException(string message) : base(message) { }

    public NotReadyException(string message, Exception inner) : base(message, inner) { }
}

namespace WaGrpc.Core.Engine;

/// <summary>The engine could not do what was asked.</summary>
public class EngineException : Exception
{
    public EngineException() { }

    public EngineException(string message) : base(message) { }

    public EngineException(string message, Exception inner) : base(message, inner) { }

    /// <summary>True when trying again cannot help (for example, the number is not on WhatsApp).</summary>
    public bool Permanent { get; init; }
}

namespace WaGrpc.Core;

/// <summary>A request was invalid; nothing was stored.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException() { }

    public ValidationException(string message) : base(message) { }

    public ValidationException(string message, Exception inner) : base(message, inner) { }

    public ValidationException(string field, string message) : base(message) => Field = field;

    /// <summary>The field at fault, in its legacy JSON name.</summary>
    public string Field { get; } = "";
}

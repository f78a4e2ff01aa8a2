using WaGrpc.Core;

namespace WaGrpc.Server.Messaging;

/// <summary>The name a file is sent under: a plain file name, never a path.</summary>
public static class FileNames
{
    private const int MaxLength = 255;

    /// <summary>The trimmed name, or a <see cref="ValidationException"/> on "filename" saying what is wrong.</summary>
    public static string Validate(string? raw)
    {
        var name = raw?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw new ValidationException("filename", "filename is required, for example 'cover.jpg'");
        }

        if (name.Any(char.IsControl))
        {
            throw new ValidationException("filename", "filename must not contain control characters");
        }

        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name is "." or "..")
        {
            throw new ValidationException("filename", $"filename must be a plain file name such as 'cover.jpg', not a path ('{name}')");
        }

        if (name.Length > MaxLength)
        {
            throw new ValidationException("filename", $"filename is longer than {MaxLength} characters");
        }

        return name;
    }
}

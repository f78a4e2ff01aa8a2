using WaGrpc.Core;

namespace WaGrpc.Server.Messaging;

/// <summary>vCard text as /sendVCard takes it: one card, BEGIN:VCARD to END:VCARD, with the FN (formatted name) line WhatsApp shows.</summary>
public static class VCards
{
    /// <summary>The card (line ends as given, trimmed) and its formatted name; a <see cref="ValidationException"/> on <paramref name="field"/> otherwise.</summary>
    public static (string VCard, string DisplayName) Validate(string? raw, string field, int maxLength)
    {
        var text = raw?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new ValidationException(field, $"{field} is required: vCard 3.0 text, BEGIN:VCARD ... END:VCARD");
        }

        if (text.Length > maxLength)
        {
            throw new ValidationException(field, $"{field} is longer than {maxLength} characters");
        }

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (!lines[0].Trim().Equals("BEGIN:VCARD", StringComparison.OrdinalIgnoreCase) || !lines[^1].Trim().Equals("END:VCARD", StringComparison.OrdinalIgnoreCase))
        {
            throw new ValidationException(field, $"{field} must be one vCard: BEGIN:VCARD first, END:VCARD last");
        }

        if (lines.Count(l => l.Trim().Equals("BEGIN:VCARD", StringComparison.OrdinalIgnoreCase)) != 1)
        {
            throw new ValidationException(field, $"{field} holds more than one vCard; send one card per call");
        }

        var fn = lines.FirstOrDefault(l => l.StartsWith("FN:", StringComparison.OrdinalIgnoreCase) || l.StartsWith("FN;", StringComparison.OrdinalIgnoreCase));
        var name = fn is null ? "" : fn[(fn.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        if (name.Length == 0)
        {
            throw new ValidationException(field, $"{field} has no FN line (the name WhatsApp shows), e.g. FN:Jane Doe");
        }

        return (text, name);
    }
}

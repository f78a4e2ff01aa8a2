using System.Text.RegularExpressions;

namespace WaGrpc.Core.Messaging;

/// <summary>
/// WhatsApp chat ids: "&lt;digits&gt;@c.us" for a person, "&lt;digits&gt;@lid" for a person known only by
/// linked id, "&lt;digits&gt;[-&lt;digits&gt;]@g.us" for a group.
/// </summary>
public static partial class ChatIds
{
    [GeneratedRegex(@"^[1-9][0-9]{6,14}\z")]
    private static partial Regex PhoneRegex();

    [GeneratedRegex(@"^[1-9][0-9]{6,14}@c\.us\z")]
    private static partial Regex PersonRegex();

    [GeneratedRegex(@"^[0-9]{5,30}(-[0-9]{5,20})?@g\.us\z")]
    private static partial Regex GroupRegex();

    [GeneratedRegex(@"^[1-9][0-9]{5,20}@lid\z")]
    private static partial Regex LinkedIdRegex();

    /// <summary>True for digits only, country code first, no "+", 7 to 15 digits (E.164).</summary>
    public static bool IsPhone(string phone) => PhoneRegex().IsMatch(phone);

    /// <summary>True for a person's (by phone or linked id) or a group's chat id.</summary>
    public static bool IsChatId(string chatId) => IsPerson(chatId) || IsGroupChat(chatId);

    /// <summary>True for "&lt;digits&gt;@lid": a person WhatsApp addresses by linked id.</summary>
    public static bool IsLinkedId(string chatId) => LinkedIdRegex().IsMatch(chatId);

    /// <summary>True for "&lt;digits&gt;@c.us".</summary>
    public static bool IsPersonChat(string chatId) => PersonRegex().IsMatch(chatId);

    /// <summary>True for a person's chat id: "&lt;digits&gt;@c.us", or "&lt;digits&gt;@lid" when only the linked id is known.</summary>
    public static bool IsPerson(string chatId) => IsPersonChat(chatId) || IsLinkedId(chatId);

    /// <summary>True for "&lt;digits&gt;[-&lt;digits&gt;]@g.us".</summary>
    public static bool IsGroupChat(string chatId) => GroupRegex().IsMatch(chatId);

    /// <summary>The chat id of a phone number.</summary>
    public static string FromPhone(string phone) => phone + "@c.us";

    /// <summary>
    /// Resolves the target of a send from the legacy pair (phone, chatId): exactly one is needed.
    /// Throws <see cref="ValidationException"/> with the field at fault.
    /// </summary>
    public static string ResolveTarget(string? phone, string? chatId)
    {
        phone = phone?.Trim() ?? "";
        chatId = chatId?.Trim() ?? "";
        if (chatId.Length > 0)
        {
            if (!IsChatId(chatId))
            {
                throw new ValidationException("chatId", $"chatId '{chatId}' is not a valid chat id: use <digits>@c.us for a person (<digits>@lid when only the linked id is known) or <digits>-<digits>@g.us for a group");
            }

            return chatId;
        }

        if (phone.Length == 0)
        {
            throw new ValidationException("phone", "phone or chatId is required");
        }

        if (!IsPhone(phone))
        {
            throw new ValidationException("phone", $"phone '{phone}' is not a valid phone number: use 7 to 15 digits, country code first, no '+'");
        }

        return FromPhone(phone);
    }
}

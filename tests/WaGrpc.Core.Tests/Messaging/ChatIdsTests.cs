using WaGrpc.Core.Messaging;

namespace WaGrpc.Core.Tests.Messaging;

/// <summary>Chat ids of people (by phone or linked id) and groups, and the target of a send from the legacy phone/chatId pair.</summary>
public sealed class ChatIdsTests
{
    [Theory]
    [InlineData("17472822486@c.us", true, false, false)]
    [InlineData("4915112345678@c.us", true, false, false)]
    [InlineData("123456789012345@lid", true, false, true)]
    [InlineData("120363012345678901@g.us", false, true, false)]
    [InlineData("79680561234-1479621234@g.us", false, true, false)]
    [InlineData("0747282248@c.us", false, false, false)]
    [InlineData("17472822486@s.whatsapp.net", false, false, false)]
    [InlineData("17472822486@c.us\n", false, false, false)]
    [InlineData("../17472822486@c.us", false, false, false)]
    [InlineData("", false, false, false)]
    public void Kinds_OfAChatId_AreToldApart(string chatId, bool person, bool group, bool linked)
    {
        Assert.Equal(person, ChatIds.IsPerson(chatId));
        Assert.Equal(group, ChatIds.IsGroupChat(chatId));
        Assert.Equal(linked, ChatIds.IsLinkedId(chatId));
        Assert.Equal(person || group, ChatIds.IsChatId(chatId));
    }

    [Theory]
    [InlineData("17472822486", null, "17472822486@c.us")]
    [InlineData(" 17472822486 ", "", "17472822486@c.us")]
    [InlineData(null, "120363012345678901@g.us", "120363012345678901@g.us")]
    [InlineData("17472822486", "123456789012345@lid", "123456789012345@lid")]
    public void ResolveTarget_PhoneOrChatId_AnswersTheChat_TheChatIdFirst(string? phone, string? chatId, string expected)
    {
        Assert.Equal(expected, ChatIds.ResolveTarget(phone, chatId));
    }

    [Theory]
    [InlineData(null, null, "phone")]
    [InlineData("", "  ", "phone")]
    [InlineData("+17472822486", "", "phone")]
    [InlineData("1747-282-2486", "", "phone")]
    [InlineData("123", "", "phone")]
    [InlineData("1234567890123456", "", "phone")]
    [InlineData("", "17472822486", "chatId")]
    [InlineData("", "abc@c.us", "chatId")]
    [InlineData("17472822486", "17472822486@s.whatsapp.net", "chatId")]
    public void ResolveTarget_BadInput_ThrowsValidationExceptionNamingTheField(string? phone, string? chatId, string field)
    {
        var error = Assert.Throws<ValidationException>(() => ChatIds.ResolveTarget(phone, chatId));

        Assert.Equal(field, error.Field);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }
}

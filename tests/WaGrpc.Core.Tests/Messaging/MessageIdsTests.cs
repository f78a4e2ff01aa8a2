using WaGrpc.Core.Messaging;

namespace WaGrpc.Core.Tests.Messaging;

/// <summary>Message ids in WhatsApp Web's form: new key ids, outgoing ids, and what counts as an id.</summary>
public sealed class MessageIdsTests
{
    [Fact]
    public void NewKeyId_IsWhatsAppWebsForm_AndNewEachTime()
    {
        var first = MessageIds.NewKeyId();
        var second = MessageIds.NewKeyId();

        Assert.Matches("^3EB0[0-9A-F]{16}$", first);
        Assert.Matches("^3EB0[0-9A-F]{16}$", second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void NewKeyIds_SortInTheOrderTheyWereMade_AndNeverRepeat()
    {
        // Many within one millisecond: the stamp moves on by one per id, so the order holds.
        var made = Enumerable.Range(0, 10_000).Select(_ => MessageIds.NewKeyId()).ToList();

        Assert.Equal(made, made.Order(StringComparer.Ordinal));
        Assert.Equal(made.Count, made.Distinct().Count());
    }

    [Fact]
    public async Task NewKeyIds_MadeOnManyThreads_AreAllDifferent()
    {
        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(() => Enumerable.Range(0, 5_000).Select(_ => MessageIds.NewKeyId()).ToList())));

        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.All(batches, batch => Assert.Equal(batch, batch.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void Outgoing_IsTrueChatKey_AndAMessageId()
    {
        var id = MessageIds.Outgoing("17472822486@c.us", "3EB0AA11");

        Assert.Equal("true_17472822486@c.us_3EB0AA11", id);
        Assert.True(MessageIds.IsMessageId(id));
    }

    [Theory]
    [InlineData("true_17472822486@c.us_3EB0AA11", true)]
    [InlineData("false_17472822486@c.us_ABCD", true)]
    [InlineData("false_123456789012345@lid_3A0000000000000000000001", true)]
    [InlineData("false_120363012345678901@g.us_ABCD_17472822486@c.us", true)]
    [InlineData("maybe_17472822486@c.us_3EB0AA11", false)]
    [InlineData("true_17472822486_3EB0AA11", false)]
    [InlineData("true_17472822486@c.us_ABC", false)]
    [InlineData("true_17472822486@c.us_3EB0-AA11", false)]
    [InlineData("false_120363012345678901@g.us_ABCD_nobody", false)]
    [InlineData("true_17472822486@c.us", false)]
    [InlineData("", false)]
    public void IsMessageId_TellsIdsFromOtherText(string id, bool expected)
    {
        Assert.Equal(expected, MessageIds.IsMessageId(id));
    }

    [Fact]
    public void IsMessageId_KeyOfMoreThan64Characters_IsNot()
    {
        var id = "true_17472822486@c.us_" + new string('A', 65);

        Assert.False(MessageIds.IsMessageId(id));
        Assert.True(MessageIds.IsMessageId(id[..^1]));
    }
}

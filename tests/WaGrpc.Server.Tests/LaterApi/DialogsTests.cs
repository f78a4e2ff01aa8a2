using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>GET /dialogs: the legacy shape, and the chats a linked session on the sandbox really holds.</summary>
public sealed class DialogsTests
{
    [Fact]
    public async Task Dialogs_AnswerTheLegacyShape_WithGroupMetadata()
    {
        await using var host = await GatewayHost.StartAsync();
        host.Engine.Chats.Add(new ChatSummary("17472822486@c.us", "Ilya", false, []));
        host.Engine.Chats.Add(new ChatSummary("120363012345678901@g.us", "Browsers", true, ["15550000001@c.us", "17472822486@c.us"]));

        var (refused, error) = await host.GetJsonAsync("/dialogs");
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var answer = await host.GetOkJsonAsync("/dialogs?instanceId=1");

        Assert.True((int)refused.StatusCode is >= 400 and < 500);
        Assert.Contains("authenticated", JsonAssert.IsLegacyError(error), StringComparison.Ordinal);
        var dialogs = JsonAssert.HasExactKeys(answer, "dialogs")["dialogs"]!.AsArray();
        Assert.Equal(2, dialogs.Count);
        foreach (var dialog in dialogs)
        {
            JsonAssert.HasExactKeys(dialog, "id", "name", "image", "metadata");
            JsonAssert.HasExactKeys(dialog!["metadata"], "isGroup", "participants", "groupInviteLink");
            JsonAssert.Kind(dialog["metadata"], "groupInviteLink", JsonValueKind.Null);
        }

        Assert.Equal(
            """{"id":"120363012345678901@g.us","name":"Browsers","image":"","metadata":{"isGroup":true,"participants":["15550000001@c.us","17472822486@c.us"],"groupInviteLink":null}}""",
            dialogs[1]!.ToJsonString());
        Assert.False((bool)dialogs[0]!["metadata"]!["isGroup"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dialogs_OnTheSandbox_ListThePersonAndTheGroupWithItsMembers(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();
        var (_, incoming) = await live.Host.PostAsync("/sandbox/api/messages", new { from = "17472822486", body = "hi", senderName = "Ilya" });
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => ((JsonArray)(await live.GetAsync("/messages"))["messages"]!).Any(m => (string)m!["id"]! == (string)incoming!["id"]!),
            () => "the incoming message", LiveGateway.Patience);
        var (_, group) = await live.Host.PostAsync("/group", new { groupName = "Browsers", phones = new[] { "17472822486", "79680561234" } });
        var groupId = (string)group!["chatId"]!;

        var dialogs = ((JsonArray)(await live.GetAsync("/dialogs"))["dialogs"]!).OfType<JsonObject>().ToDictionary(d => (string)d["id"]!);

        Assert.False((bool)dialogs["17472822486@c.us"]["metadata"]!["isGroup"]!);
        var listed = dialogs[groupId];
        Assert.Equal("Browsers", (string)listed["name"]!);
        Assert.True((bool)listed["metadata"]!["isGroup"]!);
        Assert.Equal(
            ["15550000001@c.us", "17472822486@c.us", "79680561234@c.us"],
            listed["metadata"]!["participants"]!.AsArray().Select(p => (string)p!).Order().ToArray());
    }
}

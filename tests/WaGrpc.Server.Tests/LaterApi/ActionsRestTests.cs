using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using WaGrpc.Core.Engine;
using WaGrpc.Server.Tests.Rest;
using WaGrpc.Testing;
using static WaGrpc.Server.Tests.Rest.RestCalls;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>
/// The actions queue over REST with the test engine: chat reads and group participant changes,
/// committed before the answer, listed and cleared, done in order once authenticated; refusals
/// stay listed as failed with the reason; bad input queues nothing.
/// </summary>
public sealed class ActionsRestTests
{
    private const string Group = "120363012345678901@g.us";

    [Fact]
    public async Task Actions_AnswerTheLegacyShapes_AndWaitInTheirQueueUntilLogin()
    {
        await using var host = await GatewayHost.StartAsync();

        var (_, read) = await host.PostAsync("/readChat?instanceId=2", new { phone = 17472822486 });
        var (_, add) = await host.PostAsync("/addGroupParticipant", new { groupId = Group, participantPhone = 79680561234 });
        var (_, remove) = await host.PostFormAsync("/removeGroupParticipant", ("groupId", Group), ("participantChatId", "79680561234@c.us"));
        var (_, promote) = await host.PostAsync("/promoteGroupParticipant", new { groupId = Group, participantChatId = ChatId });
        var (_, demote) = await host.PostAsync("/demoteGroupParticipant", new { groupId = Group, participantPhone = Phone });
        var queue = await host.GetOkJsonAsync("/showActionsQueue");

        Assert.Equal(ChatId, (string)JsonAssert.HasExactKeys(read, "read", "message", "chatId")["chatId"]!);
        JsonAssert.Kind(read, "read", JsonValueKind.True);
        foreach (var (answer, flag) in new[] { (add, "add"), (remove!, "remove"), (promote, "promote"), (demote, "demote") })
        {
            JsonAssert.HasExactKeys(answer, flag, "message", "groupId");
            JsonAssert.Kind(answer, flag, JsonValueKind.True);
            Assert.Equal(Group, (string)answer!["groupId"]!);
        }

        JsonAssert.HasExactKeys(queue, "totalActions", "first100");
        Assert.Equal(5, (long)queue["totalActions"]!);
        var items = queue["first100"]!.AsArray();
        Assert.Equal(
            ["read chat", "add group participant", "remove group participant", "promote group participant", "demote group participant"],
            items.Select(i => (string)i!["type"]!).ToArray());
        foreach (var item in items)
        {
            JsonAssert.HasExactKeys(item, "id", "type", "lastTry", "jsonData");
            JsonAssert.Kind(item, "id", JsonValueKind.Number);
            JsonAssert.Kind(item, "lastTry", JsonValueKind.Null);
        }

        var data = JsonNode.Parse((string)items[1]!["jsonData"]!)!;
        Assert.Equal((Group, "79680561234@c.us", "pending"), ((string)data["groupId"]!, (string)data["participant"]!, (string)data["state"]!));
        Assert.Empty(host.Engine.ReadChats);
    }

    [Fact]
    public async Task Actions_AreDoneInOrderOnceAuthenticated_RefusalsStayListedAsFailed()
    {
        await using var host = await GatewayHost.StartAsync();
        host.Engine.RefuseChange = (_, participant, change) =>
            change == ParticipantChange.Remove && participant == "79990001122@c.us" ? "79990001122@c.us is not a member of the group" : null;
        await host.PostAsync("/addGroupParticipant", new { groupId = Group, participantPhone = "79680561234" });
        await host.PostAsync("/removeGroupParticipant", new { groupId = Group, participantPhone = "79990001122" });
        await host.PostAsync("/promoteGroupParticipant", new { groupId = Group, participantPhone = "79680561234" });
        await host.PostAsync("/readChat", new { chatId = Group });

        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        await TaskTimeoutExtensions.WaitUntilAsync(() => Task.FromResult(host.Engine.ReadChats.Count == 1), () => "the chat read");
        var queue = await host.GetOkJsonAsync("/showActionsQueue");

        Assert.Equal(
            [(Group, "79680561234@c.us", ParticipantChange.Add), (Group, "79680561234@c.us", ParticipantChange.Promote)],
            host.Engine.ParticipantChanges.ToArray());
        Assert.Equal([Group], host.Engine.ReadChats.ToArray());
        var failed = Assert.Single(queue["first100"]!.AsArray());
        var data = JsonNode.Parse((string)failed!["jsonData"]!)!;
        Assert.Equal(("remove group participant", "failed"), ((string)failed["type"]!, (string)data["state"]!));
        Assert.Contains("not a member", (string)data["error"]!, StringComparison.Ordinal);
        JsonAssert.Kind(failed, "lastTry", JsonValueKind.Number);
    }

    [Fact]
    public async Task ClearActionsQueue_RemovesWhatWaits_AndNamesTheirTypes()
    {
        await using var host = await GatewayHost.StartAsync();
        await host.PostAsync("/readChat", new { phone = Phone });
        await host.PostAsync("/addGroupParticipant", new { groupId = Group, participantPhone = "79680561234" });

        var (status, cleared) = await host.PostAsync("/clearActionsQueue", new { });
        var queue = await host.GetOkJsonAsync("/showActionsQueue");

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Equal("""{"message":"Cleared 2 actions","actionsExample":["read chat","add group participant"]}""", cleared!.ToJsonString());
        Assert.Equal("""{"totalActions":0,"first100":[]}""", queue.ToJsonString());
    }

    [Theory]
    [InlineData("/readChat", """{}""", "phone")]
    [InlineData("/readChat", """{"chatId": "nope"}""", "chatId")]
    [InlineData("/addGroupParticipant", """{"participantPhone": "79680561234"}""", "groupId")]
    [InlineData("/addGroupParticipant", """{"groupId": "17472822486@c.us", "participantPhone": "79680561234"}""", "groupId")]
    [InlineData("/removeGroupParticipant", """{"groupId": "120363012345678901@g.us"}""", "participant")]
    [InlineData("/promoteGroupParticipant", """{"groupId": "120363012345678901@g.us", "participantPhone": "+7968"}""", "participantPhone")]
    [InlineData("/demoteGroupParticipant", """{"groupId": "120363012345678901@g.us", "participantChatId": "120363012345678902@g.us"}""", "participantChatId")]
    [InlineData("/demoteGroupParticipant", """{"groupId": ["120363012345678901@g.us"], "participantPhone": "79680561234"}""", "groupId")]
    public async Task BadInput_Answers400NamingTheField_QueuesNothing(string path, string body, string field)
    {
        await using var host = await GatewayHost.StartAsync();

        var (status, json) = await host.PostRawAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(field, JsonAssert.IsLegacyError(json), StringComparison.Ordinal);
        Assert.Equal("""{"totalActions":0,"first100":[]}""", (await host.GetOkJsonAsync("/showActionsQueue")).ToJsonString());
    }
}

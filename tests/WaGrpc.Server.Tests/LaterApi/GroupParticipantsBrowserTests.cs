using System.Text.Json.Nodes;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.LaterApi;

/// <summary>
/// Group participant actions end to end: the actions queue, wa-js's group functions on the
/// stand-in, and the network that keeps members and admins and refuses what WhatsApp refuses.
/// </summary>
public sealed class GroupParticipantsBrowserTests
{
    private const string Contact = "17472822486";
    private const string Other = "79680561234";
    private const string Third = "4915112345678";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnAdmin_AddsPromotesDemotesAndRemoves_ARefusalFailsWithItsReason(bool lidAddressing)
    {
        await using var live = await LiveGateway.StartAsync(lidAddressing: lidAddressing);
        await live.LinkAsync();
        var (_, created) = await live.Host.PostAsync("/group", new { groupName = "Team", phones = new[] { Contact } });
        var gid = (string)created!["chatId"]!;

        foreach (var (path, phone) in new[] { ("/addGroupParticipant", Other), ("/promoteGroupParticipant", Other), ("/addGroupParticipant", Third), ("/demoteGroupParticipant", Other), ("/removeGroupParticipant", Contact), ("/removeGroupParticipant", Contact) })
        {
            var (response, _) = await live.Host.PostAsync(path, new { groupId = gid, participantPhone = phone });
            Assert.True(response.IsSuccessStatusCode, path);
        }

        JsonArray first100 = [];
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () =>
            {
                var queue = await live.GetAsync("/showActionsQueue");
                first100 = queue["first100"]!.AsArray();
                return first100.Count == 1 && ((string)JsonNode.Parse((string)first100[0]!["jsonData"]!)!["state"]!) == "failed";
            },
            () => "five actions done and one refused: " + first100.ToJsonString(),
            LiveGateway.Patience);
        var group = Group(await live.GetAsync("/sandbox/api/groups"), gid);
        var refused = JsonNode.Parse((string)first100[0]!["jsonData"]!)!;

        Assert.Equal(
            new[] { "15550000001@c.us", Other + "@c.us", Third + "@c.us" }.Order(),
            group["participants"]!.AsArray().Select(p => (string)p!).Order());
        Assert.Equal(["15550000001@c.us"], group["admins"]!.AsArray().Select(p => (string)p!).ToArray());
        Assert.Equal("remove group participant", (string)first100[0]!["type"]!);
        Assert.Matches("not|member|participant", (string)refused["error"]!);
    }

    [Fact]
    public async Task NotAnAdmin_CannotPromote_TheActionFailsWithTheReason()
    {
        await using var live = await LiveGateway.StartAsync();
        var (_, owned) = await live.Host.PostAsync("/sandbox/api/groups", new { creator = Contact, subject = "Theirs", participants = new[] { "15550000001", Other } });
        var gid = (string)owned!["id"]!;
        await live.LinkAsync();

        await live.Host.PostAsync("/promoteGroupParticipant", new { groupId = gid, participantPhone = Other });
        JsonNode? data = null;
        await TaskTimeoutExtensions.WaitUntilAsync(
            async () => (await live.GetAsync("/showActionsQueue"))["first100"]!.AsArray() is [{ } item]
                && (string)(data = JsonNode.Parse((string)item["jsonData"]!))!["state"]! == "failed",
            () => "the promotion refused",
            LiveGateway.Patience);
        var group = Group(await live.GetAsync("/sandbox/api/groups"), gid);

        Assert.Contains("admin", (string)data!["error"]!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal([Contact + "@c.us"], group["admins"]!.AsArray().Select(p => (string)p!).ToArray());
    }

    private static JsonObject Group(JsonNode groups, string gid) =>
        (JsonObject)groups["groups"]!.AsArray().Single(g => (string)g!["id"]! == gid)!;
}

using System.Text.Json.Nodes;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using static WaGrpc.Testing.GrpcApi.GrpcTestKit;

namespace WaGrpc.Server.Tests.Messaging;

public sealed class CreateGroupTests
{
    [Fact]
    public async Task CreateGroup_WhileAuthenticated_AnswersChatIdAndSendsFirstMessageToGroup()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);

        var created = await host.Messaging().CreateGroupAsync(new CreateGroupRequest
        {
            GroupName = "Project team",
            Phones = { Phone },
            ChatIds = { OtherChatId },
            MessageText = "Welcome, everyone",
        }).ResponseAsync.DefaultTimeout();

        Assert.True(created.Created);
        Assert.True(created.HasChatId);
        Assert.EndsWith("@g.us", created.ChatId, StringComparison.Ordinal);
        var group = Assert.Single(host.Engine.Groups);
        Assert.Equal("Project team", group.Name);
        Assert.Equal([ChatId, OtherChatId], group.Participants);
        Assert.Equal($"https://chat.whatsapp.com/Invite{group.QueueNumber}", created.GroupInviteLink);
        var first = await host.Engine.NextSendAsync();
        Assert.Equal(created.ChatId, first.ChatId);
        Assert.Equal("Welcome, everyone", first.Body);
        Assert.Equal(1, first.QueueNumber);
    }

    [Fact]
    public async Task CreateGroup_WhileNotAuthenticated_IsQueuedAndListedThenCreatedAfterLogin()
    {
        await using var host = await GatewayHost.StartAsync();

        var queued = await host.Messaging().CreateGroupAsync(new CreateGroupRequest
        {
            GroupName = "Later group",
            Phones = { Phone },
            MessageText = "Hello group",
        }).ResponseAsync.DefaultTimeout();

        Assert.True(queued.Created);
        Assert.False(queued.HasChatId);
        Assert.Contains("queued", queued.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await host.QueueAsync()).TotalMessages);
        var actions = await new WaGrpc.Contracts.Chats.V1.ChatsService.ChatsServiceClient(host.Grpc)
            .ShowActionsQueueAsync(new WaGrpc.Contracts.Chats.V1.ShowActionsQueueRequest()).ResponseAsync.DefaultTimeout();
        var item = Assert.Single(actions.First100);
        Assert.Equal("create group", item.Type);
        var metadata = JsonNode.Parse(item.JsonData)!;
        Assert.Equal("Later group", metadata["groupName"]!.GetValue<string>());
        Assert.Equal("Hello group", metadata["messageText"]!.GetValue<string>());
        Assert.Equal([ChatId], metadata["participants"]!.AsArray().Select(p => p!.GetValue<string>()));

        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var first = await host.Engine.NextSendAsync();

        var group = Assert.Single(host.Engine.Groups);
        Assert.Equal("Later group", group.Name);
        Assert.EndsWith("@g.us", first.ChatId, StringComparison.Ordinal);
        Assert.Equal("Hello group", first.Body);
    }

    [Fact]
    public async Task CreateGroup_FirstMessageFailsAfterGoingOut_GroupCreatedOnceAndMessageNotSentAgain()
    {
        await using var host = await GatewayHost.StartAsync(
            new Dictionary<string, string?> { ["WaGrpc:Outbound:MaxRetryDelay"] = "00:00:00.100" },
            AccountStatus.Authenticated);
        host.Engine.FailNextSends = 1_000_000;

        var created = await host.Messaging().CreateGroupAsync(new CreateGroupRequest
        {
            GroupName = "Retry group",
            Phones = { Phone },
            MessageText = "First words",
        }).ResponseAsync.DefaultTimeout();
        Assert.True(created.HasChatId);

        // The first message keeps failing; its id is known once the group exists.
        string? messageId = null;
        await UntilAsync(
            async () =>
            {
                var item = (await host.QueueAsync()).First100.SingleOrDefault();
                var metadata = item is null ? null : JsonNode.Parse(item.Metadata);
                messageId = metadata?["messageId"]?.GetValue<string>();
                return metadata?["attempts"]?.GetValue<int>() >= 2 && metadata["error"] is not null;
            },
            "the group's first message to fail twice");
        Assert.NotNull(messageId);
        Assert.StartsWith($"true_{created.ChatId}_3EB0", messageId, StringComparison.Ordinal);

        // It went out after all (the page knows it): the retry must neither resend it nor recreate the group.
        host.Engine.KnownSent[KeyIdOf(messageId)] = true;
        Interlocked.Exchange(ref host.Engine.FailNextSends, 0);
        var later = await host.SendTextAsync("later");
        var sent = await host.Engine.NextSendAsync();

        Assert.Equal(KeyIdOf(later.Id), sent.KeyId);
        Assert.Equal([KeyIdOf(later.Id)], host.Engine.Sent.Select(m => m.KeyId));
        Assert.Single(host.Engine.Groups);
    }
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Core.Engine;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using static WaGrpc.Testing.GrpcApi.GrpcTestKit;

namespace WaGrpc.Server.Tests.Messaging;

public sealed class OutboundDispatcherTests
{
    [Fact]
    public async Task QueuedWhileNotAuthenticated_AfterAuthentication_IsSentExactlyOnce()
    {
        await using var host = await GatewayHost.StartAsync();
        var queued = await host.SendTextAsync("queued before login");
        Assert.True(queued.Sent);
        Assert.StartsWith("Queued", queued.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await host.QueueAsync()).TotalMessages);
        Assert.Empty(host.Engine.Sent);

        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var first = await host.Engine.NextSendAsync();

        Assert.Equal(KeyIdOf(queued.Id), first.KeyId);
        Assert.Equal($"true_{ChatId}_{first.KeyId}", queued.Id);
        Assert.Equal(ChatId, first.ChatId);
        Assert.Equal("queued before login", first.Body);
        Assert.Equal(queued.QueueNumber, first.QueueNumber);

        // The dispatcher works strictly in order: once a later message went out, the first is settled.
        var later = await host.SendTextAsync("after login");
        Assert.Equal("ok", later.Message);
        var second = await host.Engine.NextSendAsync();
        Assert.Equal(KeyIdOf(later.Id), second.KeyId);
        Assert.Single(host.Engine.Sent, m => m.KeyId == first.KeyId);
        Assert.Equal(2, host.Engine.Sent.Count);
        await UntilAsync(async () => (await host.QueueAsync()).TotalMessages == 0, "the queue to empty");
    }

    [Fact]
    public async Task SeveralQueued_Paced_AreSentOneAtATimeInQueueOrder()
    {
        await using var host = await GatewayHost.StartAsync(new() { ["WaGrpc:Outbound:SendDelay"] = "00:00:00.001" });
        var queued = await QueueAlternatingAsync(host);

        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var sent = new List<OutboundMessage>();
        for (var i = 0; i < queued.Count; i++)
        {
            sent.Add(await host.Engine.NextSendAsync());
        }

        Assert.Equal(queued.Select(q => KeyIdOf(q.Id)), sent.Select(m => m.KeyId));
        Assert.Equal(queued.Select(q => q.QueueNumber), sent.Select(m => m.QueueNumber));
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"message {i}"), sent.Select(m => m.Body));
        Assert.Equal(queued.Select(q => q.QueueNumber).Order(), queued.Select(q => q.QueueNumber));
    }

    [Fact]
    public async Task SeveralQueued_Unpaced_EachChatKeepsQueueOrder()
    {
        await using var host = await GatewayHost.StartAsync();
        var queued = await QueueAlternatingAsync(host);

        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var sent = new List<OutboundMessage>();
        for (var i = 0; i < queued.Count; i++)
        {
            sent.Add(await host.Engine.NextSendAsync());
        }

        foreach (var chat in new[] { ChatId, OtherChatId })
        {
            Assert.Equal(
                queued.Where(q => q.Id.Contains(chat, StringComparison.Ordinal)).Select(q => q.QueueNumber),
                sent.Where(m => m.ChatId == chat).Select(m => m.QueueNumber));
        }
    }

    [Fact]
    public async Task Unpaced_ChatsAreSentConcurrently_ButAChatsNextWaitsForItsPrevious()
    {
        await using var host = await GatewayHost.StartAsync();
        var (started, release) = HoldEachSend(host);
        var a1 = await host.SendTextAsync("a1", ChatId);
        var a2 = await host.SendTextAsync("a2", ChatId);
        var b1 = await host.SendTextAsync("b1", OtherChatId);

        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var firstTwo = new[] { await started.ReadAsync().AsTask().DefaultTimeout(), await started.ReadAsync().AsTask().DefaultTimeout() };

        // Both chats' first messages are in flight together; the chat's second one has not started.
        Assert.Equal([a1.QueueNumber, b1.QueueNumber], firstTwo.Select(m => m.QueueNumber).Order());
        Assert.False(started.TryRead(out _));

        release(b1.QueueNumber).SetResult();
        release(a1.QueueNumber).SetResult();
        var third = await started.ReadAsync().AsTask().DefaultTimeout();
        Assert.Equal(a2.QueueNumber, third.QueueNumber);
        release(a2.QueueNumber).SetResult();
        await UntilAsync(async () => (await host.QueueAsync()).TotalMessages == 0, "the queue to empty");
    }

    [Fact]
    public async Task Unpaced_AFreePlaceIsTakenAtOnce_NoRoundWaitsForItsSlowestChat()
    {
        await using var host = await GatewayHost.StartAsync();
        var (started, release) = HoldEachSend(host);
        var slow = await host.SendTextAsync("slow", ChatId);
        var quick = await host.SendTextAsync("quick", OtherChatId);
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        await started.ReadAsync().AsTask().DefaultTimeout();
        await started.ReadAsync().AsTask().DefaultTimeout();

        // Queued while both are on their way: it starts as soon as one of them is done, while the
        // slow one is still out.
        var later = await host.SendTextAsync("later", "447700900123@c.us");
        release(quick.QueueNumber).SetResult();
        Assert.Equal(later.QueueNumber, (await started.ReadAsync().AsTask().DefaultTimeout()).QueueNumber);
        Assert.False(release(slow.QueueNumber).Task.IsCompleted);

        release(later.QueueNumber).SetResult();
        release(slow.QueueNumber).SetResult();
        await UntilAsync(async () => (await host.QueueAsync()).TotalMessages == 0, "the queue to empty");
    }

    // Each send the engine gets is reported on the channel and held until its queue number is released.
    private static (ChannelReader<OutboundMessage> Started, Func<long, TaskCompletionSource> Release) HoldEachSend(GatewayHost host)
    {
        var started = Channel.CreateUnbounded<OutboundMessage>();
        var releases = new ConcurrentDictionary<long, TaskCompletionSource>();
        TaskCompletionSource Release(long queueNumber) => releases.GetOrAdd(queueNumber, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        host.Engine.DuringSend = async m =>
        {
            started.Writer.TryWrite(m);
            await Release(m.QueueNumber).Task;
        };
        return (started.Reader, Release);
    }

    private static async Task<List<SendMessageResponse>> QueueAlternatingAsync(GatewayHost host)
    {
        var queued = new List<SendMessageResponse>();
        for (var i = 0; i < 6; i++)
        {
            queued.Add(await host.SendTextAsync($"message {i}", i % 2 == 0 ? ChatId : OtherChatId));
        }

        return queued;
    }

    [Fact]
    public async Task SendMessage_Concurrently_GetsUniqueQueueNumbersListedInOrder()
    {
        await using var host = await GatewayHost.StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => host.SendTextAsync($"concurrent {i}")));

        var numbers = answers.Select(a => a.QueueNumber).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.Equal(answers.Length, answers.Select(a => a.Id).Distinct().Count());
        var queue = await host.QueueAsync();
        Assert.Equal(40, queue.TotalMessages);
        Assert.Equal(numbers.Order(), queue.First100.Select(i => i.Id));
    }

    [Fact]
    public async Task TransientFailures_AreRetriedWithAttemptsInQueueMetadata_ThenSentOnce()
    {
        await using var host = await GatewayHost.StartAsync(
            new Dictionary<string, string?> { ["WaGrpc:Outbound:MaxRetryDelay"] = "00:00:00.100" },
            AccountStatus.Authenticated);
        // Fail until the test has seen the retries, then exactly two more failures.
        host.Engine.FailNextSends = 1_000_000;
        var queued = await host.SendTextAsync("flaky network");

        JsonNode? metadata = null;
        QueueItem? item = null;
        await UntilAsync(
            async () =>
            {
                item = (await host.QueueAsync()).First100.SingleOrDefault();
                metadata = item is null ? null : JsonNode.Parse(item.Metadata);
                return metadata?["attempts"]?.GetValue<int>() >= 2 && metadata["error"] is not null;
            },
            "two failed attempts in the queue metadata");
        Assert.Equal(queued.QueueNumber, item!.Id);
        Assert.Equal("simulated transient failure", metadata!["error"]!.GetValue<string>());
        Assert.Equal(queued.Id, metadata["messageId"]!.GetValue<string>());
        Assert.Contains(metadata["state"]!.GetValue<string>(), new[] { "pending", "sending" });
        Assert.Equal(Google.Protobuf.WellKnownTypes.Value.KindOneofCase.NumberValue, item.LastTry.KindCase);
        Assert.Empty(host.Engine.Sent);

        Interlocked.Exchange(ref host.Engine.FailNextSends, 2);
        var sent = await host.Engine.NextSendAsync();
        Assert.Equal(KeyIdOf(queued.Id), sent.KeyId);

        var later = await host.SendTextAsync("later");
        Assert.Equal(KeyIdOf(later.Id), (await host.Engine.NextSendAsync()).KeyId);
        Assert.Single(host.Engine.Sent, m => m.KeyId == sent.KeyId);
        Assert.Equal(2, host.Engine.Sent.Count);
    }

    [Fact]
    public async Task PermanentFailure_LeavesEntryFailedWithReason_AndLaterMessagesGoOut()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);
        host.Engine.UnknownChats[OtherChatId] = true;

        var doomed = await host.SendTextAsync("to nowhere", OtherChatId);
        var fine = await host.SendTextAsync("to a real chat");
        var sent = await host.Engine.NextSendAsync();

        Assert.Equal(KeyIdOf(fine.Id), sent.KeyId);
        // The failed entry stays listed; the sent one leaves the listing once marked sent.
        await UntilAsync(async () => (await host.QueueAsync()).TotalMessages == 1, "only the failed entry to remain");
        var queue = await host.QueueAsync();
        var item = Assert.Single(queue.First100);
        Assert.Equal(1, queue.TotalMessages);
        Assert.Equal(doomed.QueueNumber, item.Id);
        Assert.Equal(OtherChatId, item.ChatId);
        Assert.Equal("to nowhere", item.Body);
        var metadata = JsonNode.Parse(item.Metadata)!;
        Assert.Equal("failed", metadata["state"]!.GetValue<string>());
        Assert.Contains("not on WhatsApp", metadata["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(1, metadata["attempts"]!.GetValue<int>());
        Assert.DoesNotContain(host.Engine.Sent, m => m.KeyId == KeyIdOf(doomed.Id));
    }

    [Fact]
    public async Task AlreadyTriedMessageThePageKnowsAsSent_AfterRestart_IsNotSentAgain()
    {
        await using var host = await GatewayHost.StartAsync();
        var queued = await host.SendTextAsync("maybe already out");
        var keyId = KeyIdOf(queued.Id);

        await host.RestartAsync();
        // The first attempt fails although the message went out (the page knows its key id).
        host.Engine.FailNextSends = 1;
        host.Engine.KnownSent[keyId] = true;
        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var later = await host.SendTextAsync("later");
        var sent = await host.Engine.NextSendAsync();

        Assert.Equal(KeyIdOf(later.Id), sent.KeyId);
        Assert.Equal([KeyIdOf(later.Id)], host.Engine.Sent.Select(m => m.KeyId));
        await UntilAsync(async () => (await host.QueueAsync()).TotalMessages == 0, "the queue to empty");
    }

    [Fact]
    public async Task SentMessage_AppearsInMessageLogAsFromMe()
    {
        await using var host = await GatewayHost.StartAsync(initialStatus: AccountStatus.Authenticated);
        var queued = await host.SendTextAsync("for the log");
        var sent = await host.Engine.NextSendAsync();
        // Marked sent and logged in one commit.
        await UntilAsync(async () => (await host.QueueAsync()).TotalMessages == 0, "the entry to be marked sent");

        var log = await host.Messaging().GetMessagesAsync(new GetMessagesRequest()).ResponseAsync.DefaultTimeout();

        var message = Assert.Single(log.Messages);
        Assert.Equal($"true_{ChatId}_{sent.KeyId}", message.Id);
        Assert.Equal(queued.Id, message.Id);
        Assert.True(message.FromMe);
        Assert.Equal(ChatId, message.ChatId);
        Assert.Equal("for the log", message.Body);
        Assert.Equal("chat", message.Type);
        Assert.Equal(message.MessageNumber, log.LastMessageNumber);
    }

    [Fact]
    public async Task SendMessage_BodyWithSurroundingWhitespace_IsSentVerbatim()
    {
        const string body = "  indented first line\nlast line with a trailing newline\n";
        await using var host = await GatewayHost.StartAsync();
        var queued = await host.SendTextAsync(body);
        Assert.Equal(body, Assert.Single((await host.QueueAsync()).First100).Body);

        await host.Engine.SetStatusAsync(AccountStatus.Authenticated);
        var sent = await host.Engine.NextSendAsync();

        Assert.Equal(KeyIdOf(queued.Id), sent.KeyId);
        Assert.Equal(body, sent.Body);
    }
}

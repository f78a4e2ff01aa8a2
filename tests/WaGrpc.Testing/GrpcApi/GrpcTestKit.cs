using Grpc.Core;
using Grpc.Net.Client;
using WaGrpc.Contracts.Events.V1;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Contracts.Session.V1;
using WaGrpc.Core.Engine;

namespace WaGrpc.Testing.GrpcApi;

/// <summary>Shared helpers of the gRPC, streaming and messaging tests: clients, test messages, polling.</summary>
public static class GrpcTestKit
{
    public const string Phone = "17472822486";
    public const string ChatId = Phone + "@c.us";
    public const string OtherPhone = "4915123456789";
    public const string OtherChatId = OtherPhone + "@c.us";

    public static SessionService.SessionServiceClient Session(this GatewayHost host) => new(host.Grpc);

    public static MessagingService.MessagingServiceClient Messaging(this GatewayHost host) => new(host.Grpc);

    public static EventsService.EventsServiceClient Events(this GatewayHost host) => new(host.Grpc);

    /// <summary>A new, separate gRPC connection that sends the token (a second client of the gateway).</summary>
    public static GrpcChannel NewAuthenticatedChannel(this GatewayHost host) => GrpcChannel.ForAddress(host.GrpcUri, new GrpcChannelOptions
    {
        Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", $"Bearer {GatewayHost.Token}");
            return Task.CompletedTask;
        })),
        UnsafeUseInsecureChannelCallCredentials = true,
    });

    /// <summary>An incoming message as the engine reports it ("false_&lt;chatId&gt;_&lt;keyId&gt;").</summary>
    public static MessageFact Incoming(string keyId, string body = "hello", string chatId = ChatId) =>
        new(new WaMessage
        {
            Id = $"false_{chatId}_{keyId}",
            ChatId = chatId,
            Body = body,
            SenderName = "Alice",
            Author = chatId,
            Time = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        });

    /// <summary>An outgoing message sent from the phone (not through the gateway).</summary>
    public static MessageFact OutgoingFromPhone(string keyId, string body = "from the phone", string chatId = ChatId) =>
        new(new WaMessage
        {
            Id = $"true_{chatId}_{keyId}",
            ChatId = chatId,
            Body = body,
            SenderName = "Me",
            Author = "15550001111@c.us",
            FromMe = true,
            Time = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            Ack = AckLevel.Sent,
        });

    /// <summary>Emits facts through the gateway's sink (committed when this completes).</summary>
    public static Task EmitAsync(this GatewayHost host, params EngineFact[] facts) =>
        host.Engine.EmitAsync(facts).AsTask().DefaultTimeout();

    /// <summary>The key id of a gateway message id "true_&lt;chatId&gt;_&lt;keyId&gt;".</summary>
    public static string KeyIdOf(string messageId) => messageId[(messageId.LastIndexOf('_') + 1)..];

    /// <summary>Sends a text through gRPC and answers the queue's answer.</summary>
    public static Task<SendMessageResponse> SendTextAsync(this GatewayHost host, string body, string chatId = ChatId) =>
        host.Messaging().SendMessageAsync(new SendMessageRequest { ChatId = chatId, Body = body }).ResponseAsync.DefaultTimeout();

    /// <summary>The outbound queue as ShowMessagesQueue lists it.</summary>
    public static Task<ShowMessagesQueueResponse> QueueAsync(this GatewayHost host) =>
        host.Messaging().ShowMessagesQueueAsync(new ShowMessagesQueueRequest()).ResponseAsync.DefaultTimeout();

    /// <summary>Polls an asynchronous condition (through the public API) until it holds, with the default timeout.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what) =>
        TaskTimeoutExtensions.WaitUntilAsync(condition, () => what, interval: TimeSpan.FromMilliseconds(20));

    /// <summary>Asserts the cursors are exactly first, first+1, ..., with no gap and no duplicate.</summary>
    public static void AssertContiguous(IReadOnlyList<StreamEventsResponse> events, long first)
    {
        Assert.NotEmpty(events);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.True(events[i].Cursor == first + i,
                $"event #{i} has cursor {events[i].Cursor}, expected {first + i} (previous: {(i > 0 ? events[i - 1].Cursor : first - 1)})");
        }
    }

    /// <summary>Asserts the cursors strictly increase.</summary>
    public static void AssertStrictlyIncreasing(IReadOnlyList<StreamEventsResponse> events)
    {
        for (var i = 1; i < events.Count; i++)
        {
            Assert.True(events[i].Cursor > events[i - 1].Cursor, $"cursor {events[i].Cursor} after {events[i - 1].Cursor}");
        }
    }
}

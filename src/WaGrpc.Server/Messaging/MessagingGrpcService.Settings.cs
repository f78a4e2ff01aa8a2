using Google.Protobuf;
using Grpc.Core;
using WaGrpc.Contracts.Messaging.V1;
using WaGrpc.Core;
using WaGrpc.Core.Engine;
using WaGrpc.Storage.Documents;

namespace WaGrpc.Server.Messaging;

// The later API's settings object: the same values as /webhook and /settings/ackNotificationsOn,
// plus the proxy and the switches (see settings.proto for what each does here).
public sealed partial class MessagingGrpcService
{
    private const double MaxSendDelaySeconds = 3600;

    public override Task<GetSettingsResponse> GetSettings(GetSettingsRequest request, ServerCallContext context) =>
        Task.FromResult(Current(settings.Get()));

    public override async Task<UpdateSettingsResponse> UpdateSettings(UpdateSettingsRequest request, ServerCallContext context)
    {
        // Everything is checked before anything is written.
        var url = request.HasWebhookUrl ? WebhookUrl(request.WebhookUrl) : null;
        string? proxy = null;
        if (request.HasProxy)
        {
            try
            {
                proxy = ProxyAddress.Parse(request.Proxy) is null ? "" : request.Proxy.Trim();
            }
            catch (ArgumentException ex)
            {
                throw new ValidationException("proxy", "proxy: " + ex.Message);
            }
        }

        var sendDelay = request.HasSendDelay ? SendDelay(request.SendDelay) : (double?)null;
        var update = new SettingsUpdate();
        var stored = await settings.UpdateAsync(s =>
        {
            Change(url, s.WebhookUrl, v => (s.WebhookUrl, update.WebhookUrl) = (v, v));
            Change(proxy, s.Proxy, v => (s.Proxy, update.Proxy) = (v, v));
            Switch(request.HasAckNotificationsOn, request.AckNotificationsOn, s.AckNotificationsOn, v => (s.AckNotificationsOn, update.AckNotificationsOn) = (v, v));
            Switch(request.HasChatUpdateOn, request.ChatUpdateOn, s.ChatUpdateOn, v => (s.ChatUpdateOn, update.ChatUpdateOn) = (v, v));
            Switch(request.HasVideoUploadOn, request.VideoUploadOn, s.VideoUploadOn, v => (s.VideoUploadOn, update.VideoUploadOn) = (v, v));
            Switch(request.HasIgnoreOldMessages, request.IgnoreOldMessages, s.IgnoreOldMessages, v => (s.IgnoreOldMessages, update.IgnoreOldMessages) = (v, v));
            Switch(request.HasProcessArchive, request.ProcessArchive, s.ProcessArchive, v => (s.ProcessArchive, update.ProcessArchive) = (v, v));
            Switch(request.HasInstanceStatuses, request.InstanceStatuses, s.InstanceStatuses, v => (s.InstanceStatuses, update.InstanceStatuses) = (v, v));
            Switch(request.HasWebhookStatuses, request.WebhookStatuses, s.WebhookStatuses, v => (s.WebhookStatuses, update.WebhookStatuses) = (v, v));
            Switch(request.HasStatusNotificationsOn, request.StatusNotificationsOn, s.StatusNotificationsOn, v => (s.StatusNotificationsOn, update.StatusNotificationsOn) = (v, v));
            if (request.HasSendDelay)
            {
                var wanted = sendDelay < 0 ? null : sendDelay;
                if (wanted != s.SendDelaySeconds)
                {
                    s.SendDelaySeconds = wanted;
                    update.SendDelay = wanted ?? options.Value.SendDelay.TotalSeconds;
                }
            }
        });
        if (update.HasWebhookUrl)
        {
            webhooks.Ring();
        }

        return Answer(stored, update);
    }

    private static void Change(string? wanted, string current, Action<string> set)
    {
        if (wanted is not null && wanted != current)
        {
            set(wanted);
        }
    }

    private static void Switch(bool given, bool wanted, bool current, Action<bool> set)
    {
        if (given && wanted != current)
        {
            set(wanted);
        }
    }

    /// <summary>A sendDelay the settings take: seconds from 0 to 3600, or -1 (the configured pacing again).</summary>
    private static double SendDelay(double seconds) =>
        seconds == -1 || (seconds >= 0 && seconds <= MaxSendDelaySeconds)
            ? seconds
            : throw new ValidationException("sendDelay", $"sendDelay: seconds from 0 to {MaxSendDelaySeconds}, or -1 for the configured WaGrpc:Outbound:SendDelay.");

    private GetSettingsResponse Current(SettingsDocument s) => new()
    {
        WebhookUrl = s.WebhookUrl,
        AckNotificationsOn = s.AckNotificationsOn,
        ChatUpdateOn = s.ChatUpdateOn,
        VideoUploadOn = s.VideoUploadOn,
        Proxy = s.Proxy,
        GuaranteedHooks = true,
        IgnoreOldMessages = s.IgnoreOldMessages,
        ProcessArchive = s.ProcessArchive,
        InstanceStatuses = s.InstanceStatuses,
        WebhookStatuses = s.WebhookStatuses,
        StatusNotificationsOn = s.StatusNotificationsOn,
        SendDelay = s.SendDelaySeconds ?? options.Value.SendDelay.TotalSeconds,
    };

    // UpdateSettingsResponse has GetSettingsResponse's fields 1-11 under the same numbers, plus
    // update (12) and send_delay (13, which is 12 in GetSettingsResponse): fields 1-11 are copied
    // across through the wire format.
    private UpdateSettingsResponse Answer(SettingsDocument s, SettingsUpdate update)
    {
        var current = Current(s);
        var sendDelay = current.SendDelay;
        current.SendDelay = 0;
        var answer = UpdateSettingsResponse.Parser.ParseFrom(current.ToByteString());
        answer.Update = update;
        answer.SendDelay = sendDelay;
        return answer;
    }
}

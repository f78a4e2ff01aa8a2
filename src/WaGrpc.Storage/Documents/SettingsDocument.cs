using LiteDB;

namespace WaGrpc.Storage.Documents;

/// <summary>The instance's settings (one document).</summary>
public sealed class SettingsDocument
{
    public const string SingletonId = "settings";

    [BsonId(false)]
    public string Id { get; set; } = SingletonId;

    public string WebhookUrl { get; set; } = "";

    public bool AckNotificationsOn { get; set; } = true;

    // The later API's settings object (see messaging/v1/settings.proto for what each does here).
    public bool ChatUpdateOn { get; set; }

    public bool VideoUploadOn { get; set; } = true;

    /// <summary>The browser's proxy for its next start; "" for none.</summary>
    public string Proxy { get; set; } = "";

    public bool IgnoreOldMessages { get; set; }

    public bool ProcessArchive { get; set; } = true;

    public bool InstanceStatuses { get; set; } = true;

    public bool WebhookStatuses { get; set; } = true;

    public bool StatusNotificationsOn { get; set; }

    /// <summary>This instance's pause between two sends, in seconds; null: WaGrpc:Outbound:SendDelay.</summary>
    public double? SendDelaySeconds { get; set; }
}

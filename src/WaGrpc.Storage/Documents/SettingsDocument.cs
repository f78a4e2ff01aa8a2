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
}

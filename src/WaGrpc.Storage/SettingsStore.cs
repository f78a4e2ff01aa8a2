using WaGrpc.Storage.Documents;

namespace WaGrpc.Storage;

/// <summary>The instance's settings (webhook URL, ack notifications).</summary>
public sealed class SettingsStore(WaGrpcDatabase database, StoreWriter writer)
{
    /// <summary>The current settings.</summary>
    public SettingsDocument Get() => database.Read(() => database.Settings.FindById(SettingsDocument.SingletonId)) ?? new SettingsDocument();

    /// <summary>Changes the settings in one commit and answers them.</summary>
    public Task<SettingsDocument> UpdateAsync(Action<SettingsDocument> change) =>
        writer.WriteAsync(db =>
        {
            var settings = db.Settings.FindById(SettingsDocument.SingletonId) ?? new SettingsDocument();
            change(settings);
            db.Settings.Upsert(settings);
            return settings;
        });
}

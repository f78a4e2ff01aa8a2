using System.Security.Cryptography;
using System.Text;
using LiteDB;

namespace WaGrpc.Storage;

/// <summary>
/// Incoming media, kept in the LiteDB file storage under "media/&lt;id&gt;" (the id is derived
/// from the message id, so a message seen twice keeps one file) until it is older than the
/// retention and <see cref="RemoveOlderThanAsync"/> removes it.
/// </summary>
public sealed class MediaStore(WaGrpcDatabase database, StoreWriter writer)
{
    private const string Prefix = "media/";

    /// <summary>The media id of a message.</summary>
    public static string IdFor(string messageId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..32];

    /// <summary>Whether <paramref name="id"/> has the form of a media id (32 lowercase hex digits).</summary>
    public static bool IsMediaId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);

    /// <summary>Keeps a message's media (committed when the task completes); answers its media id.</summary>
    public Task<string> SaveAsync(string messageId, string mimeType, string? filename, ReadOnlyMemory<byte> content)
    {
        var id = IdFor(messageId);
        return writer.WriteAsync(db =>
        {
            var name = string.IsNullOrWhiteSpace(filename) ? "file" : Path.GetFileName(filename);
            db.UploadFile(Prefix + id, name, content.ToArray(), new BsonDocument { ["mimeType"] = mimeType, ["messageId"] = messageId });
            return id;
        });
    }

    /// <summary>A stored media file, or null when there is none (never stored, or removed).</summary>
    public StoredMedia? Read(string id)
    {
        if (!IsMediaId(id))
        {
            return null;
        }

        return database.Read(() => database.ReadFile(Prefix + id)) is { } found
            ? new StoredMedia(found.Info.Metadata["mimeType"].AsString ?? found.Info.MimeType, found.Info.Filename, found.Content)
            : null;
    }

    /// <summary>Removes media stored before <paramref name="cutoff"/>; answers how many files went.</summary>
    public Task<int> RemoveOlderThanAsync(DateTime cutoff) =>
        writer.WriteAsync(db =>
        {
            var old = db.Db.FileStorage.Find(BsonExpression.Create("_id LIKE @0 AND uploadDate < @1", Prefix + "%", cutoff)).Select(f => f.Id).ToList();
            foreach (var id in old)
            {
                db.Db.FileStorage.Delete(id);
            }

            return old.Count;
        });
}

/// <summary>A media file as stored.</summary>
public sealed record StoredMedia(string MimeType, string Filename, byte[] Content);

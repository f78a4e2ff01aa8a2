using System.Buffers.Binary;
using System.Security.Cryptography;

namespace WaGrpc.Core.Messaging;

/// <summary>Message ids in WhatsApp Web's own form.</summary>
public static class MessageIds
{
    // Key ids count from here (2024-01-01 UTC), in 1/128 ms: 48 bits last until 2093.
    private const long StampEpochMs = 1_704_067_200_000;
    private const int StampsPerMs = 128;
    private static long _lastStamp;

    /// <summary>
    /// A new key id in WhatsApp Web's form: "3EB0" and 16 uppercase hex digits. The first 12 are a
    /// stamp that only grows in this process (the time in 1/128 ms, one more than the last id's when
    /// that is later), the last 4 are random. Ids made one after another so sort in the order they
    /// were made, and the stores' indexes on message ids (<c>true_&lt;chat&gt;_&lt;key&gt;</c>)
    /// grow at their end instead of at random places: with random keys an enqueue cost 4× more
    /// (bench/changes.md).
    /// </summary>
    public static string NewKeyId()
    {
        var now = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - StampEpochMs) * StampsPerMs;
        long last, stamp;
        do
        {
            last = Volatile.Read(ref _lastStamp);
            stamp = Math.Max(now, last + 1);
        }
        while (Interlocked.CompareExchange(ref _lastStamp, stamp, last) != last);

        Span<byte> key = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(key, stamp << 16);
        RandomNumberGenerator.Fill(key[6..]);
        return "3EB0" + Convert.ToHexString(key);
    }

    /// <summary>The serialized id of an outgoing message: "true_&lt;chatId&gt;_&lt;keyId&gt;".</summary>
    public static string Outgoing(string chatId, string keyId) => $"true_{chatId}_{keyId}";

    /// <summary>
    /// True for a serialized message id: "true|false_&lt;chatId&gt;_&lt;keyId&gt;", in a group an
    /// incoming one also with "_&lt;author&gt;" (a chat id), keys of 4 to 64 letters and digits.
    /// </summary>
    public static bool IsMessageId(string id)
    {
        var parts = id.Split('_');
        if (parts.Length is < 3 or > 4 || parts[0] is not ("true" or "false") || !ChatIds.IsChatId(parts[1]))
        {
            return false;
        }

        var key = parts[2];
        return key.Length is >= 4 and <= 64 && key.All(char.IsAsciiLetterOrDigit) && (parts.Length == 3 || ChatIds.IsChatId(parts[3]));
    }
}

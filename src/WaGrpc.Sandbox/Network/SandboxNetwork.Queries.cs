using System.Text.Json.Nodes;
using WaGrpc.Core.Messaging;

namespace WaGrpc.Sandbox.Network;

// What a page asks the network about: whether a number is on WhatsApp (with its linked id), and
// a message it no longer holds in memory (the real page reads those from its own database).
public sealed partial class SandboxNetwork
{
    private void OnQueryExists(PageConnection page, JsonObject frame)
    {
        var wid = FromWire((string?)frame["wid"] ?? "");
        var answer = new JsonObject { ["exists"] = Exists(wid) };
        if (ChatIds.IsPersonChat(wid) && wid.EndsWith("@c.us", StringComparison.Ordinal) && Exists(wid))
        {
            answer["wid"] = wid;
            answer["pn"] = wid;
            answer["lid"] = SandboxLids.LidOf(wid[..^"@c.us".Length]) + "@lid";
        }

        Reply(page, frame, answer);
    }

    /// <summary>
    /// The account's message with this id (<c>&lt;fromMe&gt;_&lt;chat&gt;_&lt;id&gt;[_...]</c>, wire or store
    /// addressing): what it sent (from the linked device) or what its chats received (also what its
    /// phone sent); both null when there is none. Call under the store's gate.
    /// </summary>
    private (SentMessage? Sent, InboxMessage? Received) StoredMessage(string id)
    {
        var parts = StoreIdOf(id).Split('_');
        if (parts.Length < 3)
        {
            return (null, null);
        }

        var (fromMe, chatId, keyId) = (parts[0] == "true", parts[1], parts[2]);
        return fromMe && _store.Sent.FindOne(m => m.ChatId == chatId && m.KeyId == keyId) is { } sent
            ? (sent, null)
            : (null, _store.Inbox.FindOne(m => m.ChatId == chatId && m.KeyId == keyId && m.FromMe == fromMe));
    }

    /// <summary>A message of the linked account by its id (<c>&lt;fromMe&gt;_&lt;chat&gt;_&lt;id&gt;[_...]</c>): {msg} or {}.</summary>
    private void OnLoadMsg(PageConnection page, JsonObject frame)
    {
        if (!page.HasValidCreds || !DeviceMatches(page))
        {
            Reply(page, frame, []);
            return;
        }

        JsonObject? wire = null;
        lock (_store.Gate)
        {
            var (sent, received) = StoredMessage((string?)frame["id"] ?? "");
            wire = sent is not null ? SerializeSent(sent, Settings.LidAddressing)
                : received is not null ? Serialize(received, decrypted: !received.CiphertextFirst || received.Decrypted, Settings.LidAddressing)
                : null;
        }

        Reply(page, frame, wire is null ? [] : new JsonObject { ["msg"] = wire });
    }
}

using System.Text.Json.Nodes;

namespace WaGrpc.Testing.Webhooks;

/// <summary>One request the receiver got.</summary>
public sealed record ReceivedWebhook(
    int Number, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset ReceivedAt, int AnsweredStatus)
{
    public JsonObject Json => Assert.IsType<JsonObject>(JsonNode.Parse(Body));

    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : "";

    /// <summary>The ids of the messages (or acks) it carried.</summary>
    public IReadOnlyList<string> Ids(string key = "messages") =>
        Json[key]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToList();
}

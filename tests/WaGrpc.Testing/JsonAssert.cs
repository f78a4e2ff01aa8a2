using System.Text.Json;
using System.Text.Json.Nodes;

namespace WaGrpc.Testing;

/// <summary>Assertions on JSON answers: exact key sets and JSON value kinds (legacy clients parse numbers as numbers).</summary>
public static class JsonAssert
{
    /// <summary>The object has exactly these keys, in any order.</summary>
    public static JsonObject HasExactKeys(JsonNode? node, params string[] keys)
    {
        var obj = Assert.IsType<JsonObject>(node);
        var expected = string.Join(",", keys.Order(StringComparer.Ordinal));
        var actual = string.Join(",", obj.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(expected == actual, $"expected keys [{expected}] but got [{actual}] in {obj.ToJsonString()}");
        return obj;
    }

    /// <summary>The value at <paramref name="key"/> is of this JSON kind.</summary>
    public static void Kind(JsonNode? node, string key, JsonValueKind kind)
    {
        var obj = Assert.IsType<JsonObject>(node);
        Assert.True(obj.ContainsKey(key), $"missing key '{key}' in {obj.ToJsonString()}");
        var actual = obj[key] is null ? JsonValueKind.Null : obj[key]!.GetValueKind();
        Assert.True(kind == actual, $"'{key}' is {actual}, expected {kind}, in {obj.ToJsonString()}");
    }

    /// <summary>A legacy error: exactly {"error": "&lt;non-empty text&gt;"}; answers the text.</summary>
    public static string IsLegacyError(JsonNode? node)
    {
        var obj = HasExactKeys(node, "error");
        Kind(obj, "error", JsonValueKind.String);
        var text = obj["error"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(text));
        return text;
    }
}

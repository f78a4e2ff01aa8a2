using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Rest;

/// <summary>Small helpers for the REST tests: raw requests, the legacy answers they check again and again.</summary>
internal static class RestCalls
{
    public const string Phone = "17472822486";
    public const string ChatId = Phone + "@c.us";

    /// <summary>Content with a JSON media type and exactly this text (which may be invalid JSON or empty).</summary>
    public static StringContent JsonText(string text)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>
    /// Sends a request as is (no token added: put it in <paramref name="url"/> or <paramref name="bearer"/>) and
    /// reads the answer as JSON when it says it is JSON. The headers come back first: for a successful
    /// <paramref name="stream"/> (/events, /status/watch) the body, which stays open, is not read.
    /// </summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Json)> SendAsync(
        this GatewayHost host, HttpMethod method, string url, HttpContent? content = null, string? bearer = null, bool stream = false)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await host.Rest.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).DefaultTimeout();
        if (stream && response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }

        var text = await response.Content.ReadAsStringAsync().DefaultTimeout();
        var json = response.Content.Headers.ContentType?.MediaType == "application/json" && text.Length > 0 ? JsonNode.Parse(text) : null;
        return (response.StatusCode, json);
    }

    /// <summary>POSTs raw text with a JSON content type and the token.</summary>
    public static Task<(HttpStatusCode Status, JsonNode? Json)> PostRawAsync(this GatewayHost host, string path, string body) =>
        host.SendAsync(HttpMethod.Post, host.Url(path), JsonText(body));

    /// <summary>POSTs a form-urlencoded body with the token.</summary>
    public static Task<(HttpStatusCode Status, JsonNode? Json)> PostFormAsync(this GatewayHost host, string path, params (string Key, string Value)[] fields) =>
        host.SendAsync(HttpMethod.Post, host.Url(path), new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))));

    /// <summary>GET /showMessagesQueue: asserts its shape and answers it.</summary>
    public static async Task<JsonObject> QueueAsync(this GatewayHost host)
    {
        var (response, json) = await host.GetJsonAsync("/showMessagesQueue");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var queue = JsonAssert.HasExactKeys(json, "totalMessages", "first100");
        JsonAssert.Kind(queue, "totalMessages", JsonValueKind.Number);
        JsonAssert.Kind(queue, "first100", JsonValueKind.Array);
        return queue;
    }

    /// <summary>The server still answers GET /status with 200.</summary>
    public static async Task AssertStillUpAsync(this GatewayHost host)
    {
        var (response, json) = await host.GetJsonAsync("/status");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.Kind(json, "accountStatus", JsonValueKind.String);
    }

    /// <summary>
    /// The answer of /sendMessage and /sendFile: exactly {sent: true, message, id: "true_&lt;chatId&gt;_3EB0&lt;16 hex&gt;", queueNumber: number}.
    /// Answers the queue number.
    /// </summary>
    public static long AssertQueuedAnswer(JsonNode? json, string chatId, bool authenticated = false)
    {
        var answer = JsonAssert.HasExactKeys(json, "sent", "message", "id", "queueNumber");
        JsonAssert.Kind(answer, "sent", JsonValueKind.True);
        JsonAssert.Kind(answer, "message", JsonValueKind.String);
        JsonAssert.Kind(answer, "id", JsonValueKind.String);
        JsonAssert.Kind(answer, "queueNumber", JsonValueKind.Number);
        Assert.Matches("^true_" + Regex.Escape(chatId) + "_3EB0[0-9A-F]{16}$", answer["id"]!.GetValue<string>());
        var message = answer["message"]!.GetValue<string>();
        if (authenticated)
        {
            Assert.Equal("ok", message);
        }
        else
        {
            Assert.Contains("after authorization", message, StringComparison.OrdinalIgnoreCase);
        }

        return answer["queueNumber"]!.GetValue<long>();
    }

    /// <summary>One entry of first100: exactly {id: number, body, type, chatId, last_try, metadata: a JSON object in a string}; answers the parsed metadata.</summary>
    public static JsonObject AssertQueueItem(JsonNode? item, long id, string body, string type, string chatId)
    {
        var entry = JsonAssert.HasExactKeys(item, "id", "body", "type", "chatId", "last_try", "metadata");
        JsonAssert.Kind(entry, "id", JsonValueKind.Number);
        JsonAssert.Kind(entry, "metadata", JsonValueKind.String);
        Assert.Equal(id, entry["id"]!.GetValue<long>());
        Assert.Equal(body, entry["body"]!.GetValue<string>());
        Assert.Equal(type, entry["type"]!.GetValue<string>());
        Assert.Equal(chatId, entry["chatId"]!.GetValue<string>());
        return Assert.IsType<JsonObject>(JsonNode.Parse(entry["metadata"]!.GetValue<string>()));
    }

    /// <summary>Opens a newline-delimited JSON stream (with the token); the caller disposes it to cancel.</summary>
    public static async Task<NdjsonStream> OpenStreamAsync(this GatewayHost host, string pathAndQuery)
    {
        var cancellation = new CancellationTokenSource(TaskTimeoutExtensions.Default);
        var response = await host.Rest.GetAsync(host.Url(pathAndQuery), HttpCompletionOption.ResponseHeadersRead, cancellation.Token).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = await response.Content.ReadAsStreamAsync(cancellation.Token);
        return new NdjsonStream(response, new StreamReader(stream), cancellation);
    }
}

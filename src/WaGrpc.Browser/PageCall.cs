using System.Text.Json;
using System.Text.Json.Nodes;

namespace WaGrpc.Browser;

/// <summary>A call started in the page (bridge/calls.js <c>start</c>) whose answer comes back through the binding.</summary>
internal sealed class PageCall(long id, string name, JsonObject args)
{
    private readonly TaskCompletionSource<JsonElement> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Id { get; } = id;

    public string Name { get; } = name;

    public JsonObject Args { get; } = args;

    /// <summary>The page's answer, {ok, data} or {ok: false, error, permanent}.</summary>
    public Task<JsonElement> Answer => _answer.Task;

    public void Answered(JsonElement answer) => _answer.TrySetResult(answer);

    public void Fail(Exception error) => _answer.TrySetException(error);
}

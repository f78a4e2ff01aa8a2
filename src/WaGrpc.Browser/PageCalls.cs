using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using WaGrpc.Core.Engine;

namespace WaGrpc.Browser;

/// <summary>The calls started in the page and not answered yet, by id.</summary>
internal sealed class PageCalls
{
    private readonly ConcurrentDictionary<long, PageCall> _calls = new();
    private long _next;

    public PageCall Add(string name, JsonObject args)
    {
        var call = new PageCall(Interlocked.Increment(ref _next), name, args);
        _calls[call.Id] = call;
        return call;
    }

    public void Remove(long id) => _calls.TryRemove(id, out _);

    public void Answer(long id, JsonElement answer)
    {
        if (_calls.TryRemove(id, out var call))
        {
            call.Answered(answer);
        }
    }

    /// <summary>Fails every call not answered yet (the page that was to answer them is gone).</summary>
    public void FailAll(string error)
    {
        foreach (var id in _calls.Keys)
        {
            if (_calls.TryRemove(id, out var call))
            {
                call.Fail(new EngineException(error));
            }
        }
    }
}

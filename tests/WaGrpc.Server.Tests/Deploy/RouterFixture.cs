namespace WaGrpc.Server.Tests.Deploy;

/// <summary>Three stub pods (shards 0, 1, 2) behind one real nginx running the router's rules.</summary>
public sealed class RouterFixture : IAsyncLifetime
{
    /// <summary>The test's override table: an id whose prefix says 0 but lives on 1, and an id without a prefix on 2.</summary>
    public static readonly IReadOnlyDictionary<string, int> Overrides = new Dictionary<string, int>
    {
        ["0-movedaway"] = 1,
        ["legacy"] = 2,
    };

    public IReadOnlyList<StubShard> Shards { get; private set; } = [];

    public NginxRouter Router { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Shards = await Task.WhenAll(Enumerable.Range(0, 3).Select(StubShard.StartAsync));
        Router = await NginxRouter.StartAsync(Shards, Overrides);
    }

    public async Task DisposeAsync()
    {
        if (Router is not null)
        {
            await Router.DisposeAsync();
        }

        foreach (var shard in Shards)
        {
            await shard.DisposeAsync();
        }
    }
}

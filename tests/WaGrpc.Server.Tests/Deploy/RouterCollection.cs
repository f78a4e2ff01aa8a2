namespace WaGrpc.Server.Tests.Deploy;

/// <summary>The router tests share one nginx and its stub pods, one test at a time (the round robin of "any" counts requests).</summary>
[CollectionDefinition(Name)]
public sealed class RouterCollection : ICollectionFixture<RouterFixture>
{
    public const string Name = "router";
}

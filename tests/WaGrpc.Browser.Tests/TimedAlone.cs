namespace WaGrpc.Browser.Tests;

/// <summary>Tests that assert a duration (of a few seconds at least) run in this collection, after and apart from the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimedAlone
{
    public const string Name = "timed, alone";
}

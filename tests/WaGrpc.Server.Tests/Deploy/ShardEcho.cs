namespace WaGrpc.Server.Tests.Deploy;

/// <summary>What a <see cref="StubShard"/> answers on REST: which shard it is and the request as it arrived.</summary>
/// <param name="Shard">The stub's shard number.</param>
/// <param name="Method">The HTTP method received.</param>
/// <param name="Target">The request target exactly as received (path and query).</param>
/// <param name="Headers">The request headers received (names in lower case).</param>
public sealed record ShardEcho(int Shard, string Method, string Target, Dictionary<string, string> Headers);

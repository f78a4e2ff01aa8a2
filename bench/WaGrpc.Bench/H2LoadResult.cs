namespace WaGrpc.Bench;

/// <summary>What one h2load run measured: calls per second, and how many answered with HTTP 2xx.</summary>
public sealed record H2LoadResult(double PerSecond, int Succeeded);

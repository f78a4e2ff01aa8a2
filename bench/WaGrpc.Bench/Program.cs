using WaGrpc.Bench;

// One command for every figure of docs/benchmarks.md (see README.md, "Storage": speed is measured):
//   dotnet run -c Release --project bench/WaGrpc.Bench [-- --size full|tiny] [--report docs/benchmarks.md] [--only name,...]
if (args.Length > 0 && args[0] == LiveClients.Flag)
{
    // The live-latency bench's clients, started by the bench itself (ClientProcess).
    return await LiveClients.RunAsync(args[1..]);
}

var size = BenchSize.Full;
var reportPath = "docs/benchmarks.md";
string[]? only = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--size" when i + 1 < args.Length:
            size = args[++i] switch
            {
                "full" => BenchSize.Full,
                "tiny" => BenchSize.Tiny,
                var other => throw new ArgumentException($"--size is full or tiny, not '{other}'"),
            };
            break;
        case "--report" when i + 1 < args.Length:
            reportPath = args[++i];
            break;
        case "--only" when i + 1 < args.Length:
            only = args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            break;
        default:
            Console.Error.WriteLine($"unknown argument '{args[i]}'; use --size full|tiny, --report <path.md|->, --only <bench,...>");
            return 2;
    }
}

var command = "dotnet run -c Release --project bench/WaGrpc.Bench -- " + string.Join(' ', args);
var report = new BenchReport(size, command.TrimEnd());
using var scratch = new Scratch();
var benches = new (string Name, Func<BenchReport, Scratch, Task> Run)[]
{
    ("storage", StorageBench.RunAsync),
    ("api", ApiSendBench.RunAsync),
    ("queue", QueueListingBench.RunAsync),
    ("browser-send", BrowserSendBench.RunAsync),
    ("browser-incoming", BrowserIncomingBench.RunAsync),
    ("stream", StreamLatencyBench.RunAsync),
    ("replay", ReplayBench.RunAsync),
    ("webhook", WebhookBench.RunAsync),
    ("process", ProcessBench.RunAsync),
    ("instances", InstancesBench.RunAsync),
};
foreach (var (name, run) in benches)
{
    if (only is not null && !only.Contains(name))
    {
        continue;
    }

    Console.WriteLine($"== {name}");
    await run(report, scratch);
}

if (reportPath != "-")
{
    // Run from the repository's root: the before/after log is bench/changes.md. It goes with the
    // full report only: a run of some benches (--only) writes their figures without it.
    report.Write(reportPath, only is null ? "bench/changes.md" : null);
}

return 0;

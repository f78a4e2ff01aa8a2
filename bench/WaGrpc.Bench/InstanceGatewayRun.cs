using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WaGrpc.Bench;

/// <summary>
/// The product with several numbers: the built gateway as its own process in sandbox mode, grown
/// to each size in turn (the default instance, then more through the admin API), every instance
/// linked through its own sandbox phone. At each size: a warm-up burst through the new instances,
/// a burst of sends through every instance (its CPU), a settle, the memory of the tree (gateway,
/// drivers, Chromium; each instance's share) and the CPU of an idle window.
/// </summary>
public static class InstanceGatewayRun
{
    public const string AdminToken = "bench-admin";

    // A contact of the sandbox network (on WhatsApp, as the instance tests use).
    private const string Contact = "17472822486";

    public static async Task<IReadOnlyList<InstanceSample>> RunAsync(BenchReport report, Scratch scratch, InstancesPlan plan)
    {
        var dll = await GatewayChild.ServerDllAsync();
        await using var child = GatewayChild.Start(dll, scratch.NewDir("instances"),
        [
            $"--WaGrpc:AdminToken={AdminToken}",
            // Unpaced, as the other send figures: the burst measures the work, not the pacing.
            "--WaGrpc:Outbound:SendDelayMs=0",
            "--WaGrpc:Outbound:SendJitterMs=0",
        ]);
        var instances = new List<BenchInstance>();
        var delivered = new ConcurrentDictionary<string, int>();
        var samples = new List<InstanceSample>();
        foreach (var size in plan.Sizes)
        {
            var added = new List<BenchInstance>();
            // What starting instances costs: from the admin call (its engine starts the driver and Chromium) to linked.
            var start = await TreeCpu.MeasureAsync(child.Tree, child.Pid, async () =>
            {
                for (var i = instances.Count; i < size; i++)
                {
                    added.Add(i == 0 ? BenchInstance.Default : await BenchInstance.CreateAsync(child.Http, AdminToken, $"n{i + 1}"));
                }

                await Task.WhenAll(added.Select(instance => LinkAsync(child, instance)));
            });
            var started = added.Count(i => !i.IsDefault);
            instances.AddRange(added);
            foreach (var instance in added)
            {
                delivered[instance.Id] = 0;
            }

            // The new sessions' first sends (and the gateway's, at the first size) warm up code paths
            // the measured burst and the idle window should not pay for.
            await BurstAsync(child.Http, added, plan.BurstMessages, delivered);
            await Task.Delay(plan.Settle);
            var burst = await TreeCpu.MeasureAsync(child.Tree, child.Pid, () => BurstAsync(child.Http, instances, plan.BurstMessages, delivered));
            await Task.Delay(plan.Settle);
            var memory = new List<SessionMemory>();
            for (var s = 0; s < 3; s++)
            {
                memory.Add(SessionMemory.Read(child.Tree, child.Pid));
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            var footprints = instances.Select(i => InstanceFootprint.Read(i.Id, i.ProfileDir(child.DataDir))).ToList();
            var idle = await TreeCpu.MeasureAsync(child.Tree, child.Pid, () => Task.Delay(plan.IdleWindow));
            var sample = new InstanceSample(size, SessionMemory.Median(memory), footprints, idle, burst, plan.BurstMessages * size, start, started, ProcessCpu.Load());
            samples.Add(sample);
            Console.WriteLine($"  {size} instance(s), one browser each: {sample.TotalMb:0} MB PSS (own {sample.TotalOwnMb:0}): gateway {sample.Memory.GatewayMb:0}, drivers {sample.Memory.DriverMb:0}, Chromium {sample.Memory.ChromiumMb:0}; {sample.Load}");
            Console.WriteLine($"    start and link of {started} created: {start}");
            Console.WriteLine($"    burst of {sample.BurstMessages} sends: {burst}");
            Console.WriteLine($"    idle: {idle}");
            foreach (var footprint in footprints)
            {
                Console.WriteLine($"    {footprint}");
            }

            if (report.Size.IsTiny)
            {
                Console.Write(sample.Memory.Breakdown);
            }
        }

        return samples;
    }

    private static async Task LinkAsync(GatewayChild child, BenchInstance instance)
    {
        await child.WaitForStatusAsync("got qr code", TimeSpan.FromMinutes(3), instance);
        await child.LinkAsync(instance);
        await child.WaitForStatusAsync("authenticated", TimeSpan.FromMinutes(2), instance);
    }

    // Every instance sends its share one after another, the instances side by side; done when each
    // instance's sandbox network holds all it was sent.
    private static Task BurstAsync(HttpClient http, IReadOnlyList<BenchInstance> instances, int perInstance, ConcurrentDictionary<string, int> delivered) =>
        Task.WhenAll(instances.Select(async instance =>
        {
            for (var k = 0; k < perInstance; k++)
            {
                using var response = await http.PostAsJsonAsync(instance.Path("/sendMessage"), new { phone = Contact, body = $"{instance.Id} burst message {k}" });
                response.EnsureSuccessStatusCode();
            }

            var expected = delivered[instance.Id] + perInstance;
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
            var count = 0;
            while ((count = await DeliveredAsync(http, instance)) < expected)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{instance.Id}: {count} of {expected} messages reached the sandbox network");
                }

                await Task.Delay(50);
            }

            delivered[instance.Id] = count;
        }));

    private static async Task<int> DeliveredAsync(HttpClient http, BenchInstance instance) =>
        ((JsonArray)(await http.GetFromJsonAsync<JsonObject>(instance.Path("/sandbox/api/messages")))!["messages"]!).Count;
}

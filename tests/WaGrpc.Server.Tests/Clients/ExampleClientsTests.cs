using System.Text.RegularExpressions;
using WaGrpc.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WaGrpc.Server.Tests.Clients;

/// <summary>
/// The example clients under examples/ (C#, Python, Node.js), each run as its own process against a
/// real gateway: they send a message, print its id and follow the event stream until it shows up.
/// </summary>
public sealed partial class ExampleClientsTests(ExampleClientsFixture fixture, ITestOutputHelper output) : IClassFixture<ExampleClientsFixture>
{
    [Theory]
    [InlineData(ExampleClient.CSharp, "4915100000001")]
    [InlineData(ExampleClient.Python, "4915100000002")]
    [InlineData(ExampleClient.Node, "4915100000003")]
    public async Task SendAndWatch_WithTheToken_PrintsTheQueuedIdAndItsEventThenExitsZero(ExampleClient client, string phone)
    {
        var run = await RunAsync(client, GatewayHost.Token, phone);

        Assert.True(run.ExitCode == 0, run.ToString());
        var queued = run.Lines.Select(line => QueuedLine().Match(line)).FirstOrDefault(m => m.Success);
        Assert.True(queued is not null, $"no 'queued: <id>' line\n{run}");
        var id = queued.Groups["id"].Value;
        Assert.StartsWith($"true_{phone}@c.us_", id, StringComparison.Ordinal);
        Assert.True(
            run.Lines.Any(line => Regex.IsMatch(line, $@"^event \d+: (message|ack) {Regex.Escape(id)} ")),
            $"no event line for {id}\n{run}");
        Assert.Matches($@"^seen: {Regex.Escape(id)} at cursor \d+$", run.Lines[^1]);
    }

    [Theory]
    [InlineData(ExampleClient.CSharp)]
    [InlineData(ExampleClient.Python)]
    [InlineData(ExampleClient.Node)]
    public async Task SendAndWatch_WithAWrongToken_SaysUnauthenticatedAndExitsOne(ExampleClient client)
    {
        var run = await RunAsync(client, "not-the-token", "4915100000009");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("error: UNAUTHENTICATED: ", run.Errors, StringComparison.Ordinal);
        Assert.Contains("check WAGRPC_TOKEN", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("queued:", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExampleClient.CSharp)]
    [InlineData(ExampleClient.Python)]
    [InlineData(ExampleClient.Node)]
    public async Task SendAndWatch_WithANonNumericPhone_ShowsTheFieldViolationAndExitsOne(ExampleClient client)
    {
        var run = await RunAsync(client, GatewayHost.Token, "not-a-phone");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("error: INVALID_ARGUMENT: ", run.Errors, StringComparison.Ordinal);
        Assert.Contains("\n  field phone: ", run.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("queued:", run.Output, StringComparison.Ordinal);
    }

    // Every run's output goes to the test log: what a failure on CI needs, and what the clients print.
    private async Task<ClientRun> RunAsync(ExampleClient client, string token, string phone)
    {
        var run = await fixture.RunAsync(client, token, phone);
        output.WriteLine(run.ToString());
        return run;
    }

    [GeneratedRegex(@"^queued: (?<id>\S+) \(queue number \d+\)$")]
    private static partial Regex QueuedLine();
}

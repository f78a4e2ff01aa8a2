using WaGrpc.Testing;
using Xunit.Abstractions;

namespace WaGrpc.Server.Tests.Clients;

/// <summary>
/// The example clients under examples/ (C#, Python, Node.js), each run as its own process against a
/// gateway with the fake engine and without WAGRPC_SANDBOX, as against real WhatsApp: they send a
/// message, follow the event stream until it shows up, and reopen it from the last cursor; and they
/// explain a refused call. The sandbox run (linking, an incoming message while disconnected):
/// <see cref="ExampleClientsSandboxTests"/>.
/// </summary>
public sealed class ExampleClientsTests(ExampleClientsFixture fixture, ITestOutputHelper output) : IClassFixture<ExampleClientsFixture>
{
    [Theory]
    [InlineData(ExampleClient.CSharp, "4915100000001")]
    [InlineData(ExampleClient.Python, "4915100000002")]
    [InlineData(ExampleClient.Node, "4915100000003")]
    public async Task SendAndWatch_WithoutTheSandbox_SeesTheMessageThenResumesFromItsCursor(ExampleClient client, string phone)
    {
        var run = await RunAsync(client, GatewayHost.Token, phone);

        var printed = ClientOutput.Read(run, phone);
        Assert.DoesNotContain("linked:", run.Output, StringComparison.Ordinal);
        Assert.Matches($@"^resumed from cursor {printed.SeenCursor}: \d+ new events in 1 s, none repeated$", printed.ResumedLine);
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
}

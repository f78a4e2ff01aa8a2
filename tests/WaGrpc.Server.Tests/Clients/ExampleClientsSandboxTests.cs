using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace WaGrpc.Server.Tests.Clients;

/// <summary>
/// The example clients with WAGRPC_SANDBOX=1 against one live gateway in sandbox mode (real
/// Chromium on the WhatsApp Web stand-in), as CI runs them: each links it through the sandbox phone
/// API unless it already is, sends a message, sees it on the event stream, closes the stream, has
/// the contact answer while it is closed, and reopens the stream from the last cursor it saw.
/// </summary>
public sealed class ExampleClientsSandboxTests(ExampleClientsSandboxFixture fixture, ITestOutputHelper output) : IClassFixture<ExampleClientsSandboxFixture>
{
    [Theory]
    [InlineData(ExampleClient.CSharp, "17472822401")]
    [InlineData(ExampleClient.Python, "17472822402")]
    [InlineData(ExampleClient.Node, "17472822403")]
    public async Task SendAndWatch_InTheSandbox_LinksSendsAndResumesWithTheAnswerFromItsCursor(ExampleClient client, string phone)
    {
        var run = await fixture.RunAsync(client, phone);
        output.WriteLine(run.ToString());

        var printed = ClientOutput.Read(run, phone);
        Assert.Contains(run.Lines, line => line.StartsWith("linked: ", StringComparison.Ordinal));
        var incoming = run.Lines.Select(line => Regex.Match(line, $@"^incoming: (?<id>\S+) from {phone}, ")).FirstOrDefault(m => m.Success);
        Assert.True(incoming is not null, $"no 'incoming: <id>' line\n{run}");
        var answer = incoming.Groups["id"].Value;
        Assert.StartsWith($"false_{phone}@c.us_", answer, StringComparison.Ordinal);
        Assert.Matches(
            $@"^resumed from cursor {printed.SeenCursor}: \d+ new events, {Regex.Escape(answer)} at cursor \d+, none repeated$",
            printed.ResumedLine);
        Assert.Equal("authenticated", await fixture.Live.StatusAsync());
    }
}

using System.Text.Json;
using WaGrpc.Testing;

namespace WaGrpc.Server.Tests.Observability;

/// <summary>JSON console logs as an option (Logging:Console:FormatterName=json): every line one JSON object, no secret in them.</summary>
public sealed class JsonLogsTests
{
    [Fact]
    public async Task Gateway_WithJsonFormatter_LogsOneJsonObjectPerLine_WithoutTheToken()
    {
        await using var gateway = GatewayProcess.Start("--WaGrpc:Sandbox=true", "--Logging:Console:FormatterName=json");
        await gateway.WaitForStatusAsync("got qr code", TimeSpan.FromSeconds(60));
        await gateway.KillAsync();

        var lines = gateway.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.NotEmpty(lines);
        Assert.All(lines, line =>
        {
            using var doc = JsonDocument.Parse(line);
            Assert.True(doc.RootElement.TryGetProperty("LogLevel", out _), line);
            Assert.True(doc.RootElement.TryGetProperty("Category", out _), line);
        });
        Assert.Contains(lines, l => l.Contains("WaGrpc", StringComparison.Ordinal));
        Assert.DoesNotContain(GatewayHost.Token, gateway.Output, StringComparison.Ordinal);
    }
}

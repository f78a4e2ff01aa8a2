using System.Text;
using System.Text.RegularExpressions;
using WaGrpc.Testing;
using WaGrpc.Testing.GrpcApi;
using WaGrpc.Testing.Webhooks;
using static WaGrpc.Testing.Webhooks.WebhookTestKit;

namespace WaGrpc.Server.Tests.Webhooks;

/// <summary>X-WaGrpc-Signature checked with the README's receiver snippet.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec-3f0c9a1e";

    [Fact]
    public async Task Webhook_WithSecret_SignatureVerifiesWithTheReadmeSnippet()
    {
        var clock = NewClock();
        await using var receiver = await WebhookReceiver.StartAsync(clock);
        await using var host = await GatewayHost.StartAsync(Settings(("Secret", Secret)), time: clock);
        await host.SetWebhookAsync(receiver.Url);

        await host.EmitAsync(GrpcTestKit.Incoming("SIGNED000001", "Signed 🍏"));
        var post = await receiver.NextAsync();
        var timestamp = post.Header("X-WaGrpc-Timestamp");
        var signature = post.Header("X-WaGrpc-Signature");
        var now = clock.GetUtcNow();

        Assert.Matches("^sha256=[0-9a-f]{64}$", signature);
        Assert.True(WebhookSignatureSnippet.Verify(Secret, timestamp, post.Body, signature, now));
        Assert.False(WebhookSignatureSnippet.Verify("another-secret", timestamp, post.Body, signature, now));
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(post.Body).Replace("Signed", "Forged", StringComparison.Ordinal));
        Assert.False(WebhookSignatureSnippet.Verify(Secret, timestamp, tampered, signature, now));
        Assert.False(WebhookSignatureSnippet.Verify(Secret, (long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), post.Body, signature, now));
        Assert.False(WebhookSignatureSnippet.Verify(Secret, timestamp, post.Body, signature, now.AddMinutes(10)));
    }

    [Fact]
    public void WebhookReadme_VerificationSnippet_IsTheTestedCode()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var source = File.ReadAllText(Path.Combine(root, "tests", "WaGrpc.Server.Tests", "Webhooks", "WebhookSignatureSnippet.cs"));
        var begin = source.LastIndexOf(WebhookSignatureSnippet.BeginMarker, StringComparison.Ordinal) + WebhookSignatureSnippet.BeginMarker.Length;
        var end = source.LastIndexOf(WebhookSignatureSnippet.EndMarker, StringComparison.Ordinal);
        var snippet = Normalize(source[begin..end]);

        Assert.True(snippet.Length > 200, "the snippet markers were not found");
        Assert.Contains(snippet, Normalize(readme), StringComparison.Ordinal);
    }

    // Indentation differs (README has the function at top level); compare line by line, trimmed.
    private static string Normalize(string text) =>
        string.Join("\n", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WaGrpc.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("WaGrpc.sln not found above " + AppContext.BaseDirectory);
    }
}

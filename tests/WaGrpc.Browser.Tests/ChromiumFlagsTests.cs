using System.Text.RegularExpressions;
using WaGrpc.Browser;

namespace WaGrpc.Browser.Tests;

public sealed partial class ChromiumFlagsTests
{
    [Fact]
    public void For_CarriesEveryFeatureTheBundledPlaywrightSets()
    {
        // Chromium reads only the last --disable-features (and --enable-features): ours replace
        // Playwright's, so they must hold its lists. A Playwright upgrade that changes them fails here.
        var bundle = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, ".playwright", "package", "lib", "coreBundle.js"));
        var list = DisabledFeaturesList().Match(bundle);
        Assert.True(list.Success, "disabledFeatures not found in Playwright's coreBundle.js");
        var playwrightDisabled = QuotedName().Matches(list.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
        var switchesAt = bundle.IndexOf("chromiumSwitches = ", StringComparison.Ordinal);
        Assert.True(switchesAt >= 0, "chromiumSwitches not found in Playwright's coreBundle.js");
        var switches = bundle[switchesAt..];
        var enabled = EnabledFeaturesArg().Match(switches[..switches.IndexOf("];", StringComparison.Ordinal)]);
        Assert.True(enabled.Success, "--enable-features not found in Playwright's coreBundle.js");

        var flags = ChromiumFlags.For(loopbackOnly: false);

        Assert.NotEmpty(playwrightDisabled);
        Assert.Equal(playwrightDisabled, ChromiumFlags.PlaywrightDisabledFeatures);
        Assert.Equal(enabled.Groups[1].Value.Split(','), ChromiumFlags.PlaywrightEnabledFeatures);
        Assert.Subset(Features(flags, "--disable-features="), playwrightDisabled.ToHashSet());
        Assert.Subset(Features(flags, "--enable-features="), ChromiumFlags.PlaywrightEnabledFeatures.ToHashSet());
    }

    [Fact]
    public void For_ExtraFeatureFlags_JoinOursInOneFlagEach()
    {
        var flags = ChromiumFlags.For(loopbackOnly: true, ["--disable-features=Foo,NetworkServiceInProcess2", "--enable-features=Bar", "--lang=de"]);

        Assert.Single(flags, f => f.StartsWith("--disable-features=", StringComparison.Ordinal));
        Assert.Single(flags, f => f.StartsWith("--enable-features=", StringComparison.Ordinal));
        Assert.Contains("Foo", Features(flags, "--disable-features="));
        Assert.Contains("WebUIOmniboxPopup", Features(flags, "--disable-features="));
        Assert.Contains("Bar", Features(flags, "--enable-features="));
        // What the operator disables is not enabled by our defaults.
        Assert.DoesNotContain("NetworkServiceInProcess2", Features(flags, "--enable-features="));
        Assert.Contains("--lang=de", flags);
    }

    private static HashSet<string> Features(List<string> flags, string name) =>
        [.. flags.Single(f => f.StartsWith(name, StringComparison.Ordinal))[name.Length..].Split(',')];

    [GeneratedRegex(@"disabledFeatures = \[(.*?)\]", RegexOptions.Singleline)]
    private static partial Regex DisabledFeaturesList();

    [GeneratedRegex(@"^\s*""([A-Za-z0-9]+)""", RegexOptions.Multiline)]
    private static partial Regex QuotedName();

    [GeneratedRegex(@"""--enable-features=([A-Za-z0-9,]+)""")]
    private static partial Regex EnabledFeaturesArg();
}

using WaGrpc.Core.Engine;

namespace WaGrpc.Core.Tests.Engine;

/// <summary>The browser's proxy setting: "[scheme://][user:pass@]host:port", what Chromium can use, or a message saying what is wrong.</summary>
public sealed class ProxyAddressTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Nothing_IsNoProxy(string? text)
    {
        Assert.Null(ProxyAddress.Parse(text));
    }

    [Theory]
    [InlineData("proxy.example:3128", "http://proxy.example:3128", null, null)]
    [InlineData(" http://10.0.0.1:80 ", "http://10.0.0.1:80", null, null)]
    [InlineData("socks5://10.0.0.1:1080", "socks5://10.0.0.1:1080", null, null)]
    [InlineData("socks4://proxy.example:1080", "socks4://proxy.example:1080", null, null)]
    [InlineData("https://user:p%40ss@proxy.example:8443", "https://proxy.example:8443", "user", "p@ss")]
    [InlineData("bob@proxy.example:3128", "http://proxy.example:3128", "bob", "")]
    public void Parse_AProxy_SplitsServerAndCredentials(string text, string server, string? username, string? password)
    {
        var proxy = ProxyAddress.Parse(text);

        Assert.Equal(new ProxyAddress(server, username, password), proxy);
    }

    [Theory]
    [InlineData("proxy.example", "not a proxy")]
    [InlineData("http://proxy.example", "not a proxy")]
    [InlineData("ftp://proxy.example:21", "not a proxy")]
    [InlineData("http://proxy.example:3128/path", "not a proxy")]
    [InlineData("http://proxy.example:3128?x=1", "not a proxy")]
    [InlineData("socks5://user:pass@proxy.example:1080", "SOCKS")]
    public void Parse_WhatChromiumCannotUse_ThrowsSayingWhy(string text, string says)
    {
        var error = Assert.Throws<ArgumentException>(() => ProxyAddress.Parse(text));

        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }
}

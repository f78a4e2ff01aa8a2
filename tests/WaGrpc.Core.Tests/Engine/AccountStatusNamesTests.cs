using WaGrpc.Core.Engine;

namespace WaGrpc.Core.Tests.Engine;

/// <summary>The legacy spelling of the account states, as /status answers them.</summary>
public sealed class AccountStatusNamesTests
{
    [Theory]
    [InlineData(AccountStatus.Init, "init")]
    [InlineData(AccountStatus.Loading, "loading")]
    [InlineData(AccountStatus.GotQrCode, "got qr code")]
    [InlineData(AccountStatus.Authenticated, "authenticated")]
    public void ToLegacyName_EveryStatus_HasItsLegacySpelling(AccountStatus status, string name)
    {
        Assert.Equal(name, status.ToLegacyName());
    }

    [Fact]
    public void ToLegacyName_AnUndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((AccountStatus)42).ToLegacyName());
    }
}

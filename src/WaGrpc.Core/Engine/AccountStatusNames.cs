namespace WaGrpc.Core.Engine;

/// <summary>The legacy spelling of <see cref="AccountStatus"/> values.</summary>
public static class AccountStatusNames
{
    /// <summary>"init", "loading", "got qr code" or "authenticated".</summary>
    public static string ToLegacyName(this AccountStatus status) => status switch
    {
        AccountStatus.Init => "init",
        AccountStatus.Loading => "loading",
        AccountStatus.GotQrCode => "got qr code",
        AccountStatus.Authenticated => "authenticated",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

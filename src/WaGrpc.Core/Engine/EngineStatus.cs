namespace WaGrpc.Core.Engine;

/// <summary>The status of a session as an engine sees it.</summary>
/// <param name="Status">The account status.</param>
/// <param name="QrText">The text encoded in the QR code, with <see cref="AccountStatus.GotQrCode"/>.</param>
/// <param name="Details">Details for people, when there are any.</param>
/// <param name="Page">What drives the page, once it reported it.</param>
public sealed record EngineStatus(AccountStatus Status, string? QrText = null, StatusDetails? Details = null, PageDetails? Page = null);

/// <summary>The legacy statusData object.</summary>
public sealed record StatusDetails(
    string Substatus,
    string Title = "",
    string Msg = "",
    string Submsg = "",
    IReadOnlyList<string>? Actions = null,
    string Reason = "");

namespace WaGrpc.Core.Engine;

/// <summary>What drives the WhatsApp Web page, as the page reported it.</summary>
/// <param name="WaJsVersion">The wa-js version in the page (WPP.version).</param>
/// <param name="WhatsAppWebVersion">The WhatsApp Web build (Debug.VERSION).</param>
/// <param name="Missing">The WPP functions and events the bridge uses that the page lacks.</param>
/// <param name="DisabledFeatures">The features that are off because of them.</param>
public sealed record PageDetails(string WaJsVersion, string WhatsAppWebVersion, IReadOnlyList<string> Missing, IReadOnlyList<string> DisabledFeatures);

namespace WaGrpc.Core.Engine;

/// <summary>A pin on the map: type <c>location</c>.</summary>
/// <param name="Latitude">Degrees, -90 to 90.</param>
/// <param name="Longitude">Degrees, -180 to 180.</param>
/// <param name="Address">The text under the pin ("\n" for a second line), or null.</param>
public sealed record OutboundLocation(double Latitude, double Longitude, string? Address) : OutboundContent;

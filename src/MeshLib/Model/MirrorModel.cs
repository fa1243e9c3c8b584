namespace MeshLib.Model;

/// <summary>A mirror target of a route and the share of requests copied to it.</summary>
/// <param name="Destination">Where copies go.</param>
/// <param name="Fraction">The share of requests mirrored, 0..1.</param>
internal sealed record MirrorModel(DestinationModel Destination, double Fraction);

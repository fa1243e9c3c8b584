namespace MeshLib.Cli.Explain;

/// <summary>A fault abort.</summary>
/// <param name="HttpStatus">The HTTP status answered (200 for a gRPC-status abort).</param>
/// <param name="GrpcStatus">The gRPC status, or null.</param>
/// <param name="Percent">The share of requests aborted, 0..100.</param>
internal sealed record FaultAbortInfo(int HttpStatus, int? GrpcStatus, double Percent);

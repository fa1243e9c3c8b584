namespace MeshLib.Tests.Retries;

/// <summary>What the fake upstream saw on one attempt.</summary>
internal sealed record AttemptRecord(int AttemptCount, DateTimeOffset At, long? ExpectedTimeoutMs, bool IsRetry, IReadOnlyList<string> TriedBefore);

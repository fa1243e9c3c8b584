namespace MeshLib.ConnectionPool;

/// <summary>An attempt waiting in a <see cref="FifoSlotLimiter"/> queue; completes with its outcome, never faults.</summary>
internal sealed class PendingAttempt : TaskCompletionSource<AdmissionStatus>
{
    /// <summary>Creates a waiter whose continuations never run inside the releasing caller.</summary>
    /// <param name="owner">The limiter whose queue holds it.</param>
    public PendingAttempt(FifoSlotLimiter owner)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Owner = owner;
        Node = new LinkedListNode<PendingAttempt>(this);
    }

    /// <summary>The limiter whose queue holds it.</summary>
    public FifoSlotLimiter Owner { get; }

    /// <summary>Its queue node; detached once it has been admitted, cancelled or rejected.</summary>
    public LinkedListNode<PendingAttempt> Node { get; }
}

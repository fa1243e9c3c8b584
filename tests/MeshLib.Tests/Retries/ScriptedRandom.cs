namespace MeshLib.Tests.Retries;

/// <summary>Returns scripted draws in order, then <c>Fallback</c>; counts the draws.</summary>
internal sealed class ScriptedRandom(params double[] draws)
{
    private readonly Queue<double> _draws = new(draws);

    public double Fallback { get; init; } = 0.999;

    public int Draws { get; private set; }

    public double Next()
    {
        Draws++;
        return _draws.Count > 0 ? _draws.Dequeue() : Fallback;
    }
}

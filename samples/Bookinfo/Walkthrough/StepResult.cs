namespace Bookinfo.Walkthrough;

/// <summary>One expected-versus-observed comparison.</summary>
/// <param name="What">What was looked at.</param>
/// <param name="Expected">What the walkthrough says should happen.</param>
/// <param name="Observed">What happened.</param>
/// <param name="Passed">Whether the observation matches.</param>
public sealed record Check(string What, string Expected, string Observed, bool Passed);

/// <summary>The outcome of one walkthrough step.</summary>
public sealed class StepResult(string name, string title)
{
    /// <summary>The step's name for <c>--step</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The seed's section title.</summary>
    public string Title { get; } = title;

    /// <summary>Every comparison made, in order.</summary>
    public List<Check> Checks { get; } = [];

    /// <summary>Wall time of the step.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>The failure that stopped the step, if any.</summary>
    public Exception? Error { get; set; }

    /// <summary>Adds a comparison and prints it as <c>[PASS] what</c>, <c>expected:</c>, <c>observed:</c>.</summary>
    public void Record(Check check, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(output);
        Checks.Add(check);
        output.WriteLine($"  [{(check.Passed ? "PASS" : "FAIL")}] {check.What}");
        output.WriteLine($"         expected: {check.Expected}");
        output.WriteLine($"         observed: {check.Observed}");
    }

    /// <summary>Whether every check passed (and there was at least one, and no error).</summary>
    public bool Passed => Error is null && Checks.Count > 0 && Checks.TrueForAll(c => c.Passed);
}

namespace Bookinfo.Apps;

/// <summary>
/// The timeouts hard-coded in the real Bookinfo apps (not mesh timeouts): productpage.py calls details and reviews
/// with <c>timeout=3.0</c> and tries reviews twice; reviews v2 (black stars) calls ratings with a 10 s client timeout,
/// reviews v3 (red stars) with 2.5 s. <c>--fast</c> multiplies all of them by the same factor as the YAML durations.
/// </summary>
public sealed record AppTimings(double Scale)
{
    /// <summary>productpage → details and productpage → reviews, per try (productpage.py: <c>timeout=3.0</c>).</summary>
    public TimeSpan ProductPageTimeout => Scaled(3);

    /// <summary>How often productpage tries reviews (productpage.py: <c>for _ in range(2)</c>).</summary>
    public int ProductPageReviewsTries => 2;

    /// <summary>reviews v2 (black stars) → ratings: 10 s.</summary>
    public TimeSpan ReviewsV2RatingsTimeout => Scaled(10);

    /// <summary>reviews v3 (red stars) → ratings: 2.5 s, the "fix" for the fault-injection bug.</summary>
    public TimeSpan ReviewsV3RatingsTimeout => Scaled(2.5);

    /// <summary>Scales a duration given in seconds.</summary>
    public TimeSpan Scaled(double seconds) => TimeSpan.FromSeconds(seconds * Scale);
}

using MeshLib.LoadBalancing;
using MeshLib.Tests.TestSupport;

namespace MeshLib.Tests.LoadBalancing;

public class WeightedPickerTests
{
    [Theory]
    [InlineData(0UL, 0)]
    [InlineData(19UL, 0)]
    [InlineData(20UL, 1)]
    [InlineData(99UL, 1)]
    [InlineData(100UL, 0)] // random % total
    [InlineData(125UL, 1)]
    public void Pick_MapsDrawOntoCumulativeWeights(ulong draw, int expected)
    {
        var picker = new WeightedPicker([20, 80]);

        Assert.Equal(expected, picker.Pick(SequenceRandomSource.OfUInt64s(draw)));
    }

    [Fact]
    public void Pick_WeightsNeedNotAddUpTo100()
    {
        var picker = new WeightedPicker([1, 2, 1]);

        var picks = Enumerable.Range(0, 4).Select(i => picker.Pick(SequenceRandomSource.OfUInt64s((ulong)i))).ToArray();

        Assert.Equal([0, 1, 1, 2], picks);
        Assert.Equal(4UL, picker.TotalWeight);
    }

    [Fact]
    public void Pick_ZeroWeightIsNeverPicked()
    {
        var picker = new WeightedPicker([0, 50, 0, 50, 0]);

        for (ulong draw = 0; draw < 100; draw++)
        {
            Assert.Contains(picker.Pick(SequenceRandomSource.OfUInt64s(draw)), new[] { 1, 3 });
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(100)]
    public void Pick_SingleDestination_AlwaysPickedWithoutDrawing(int weight)
    {
        var picker = new WeightedPicker([weight]);

        Assert.Equal(0, picker.Pick(SequenceRandomSource.OfUInt64s()));
    }

    [Fact]
    public void Constructor_RejectsInvalidWeights()
    {
        Assert.Throws<ArgumentException>(() => new WeightedPicker([]));
        Assert.Throws<ArgumentException>(() => new WeightedPicker([0, 0]));
        Assert.Throws<ArgumentException>(() => new WeightedPicker([10, -1]));
    }

    [Fact]
    public void Pick_SeededSource_FollowsWeights()
    {
        var picker = new WeightedPicker([10, 90]);
        var random = new SeededRandomSource(3);

        var first = Enumerable.Range(0, 10_000).Count(_ => picker.Pick(random) == 0);

        Assert.InRange(first, 850, 1_150);
    }

    [Fact]
    public void Pick_DoesNotAllocate()
    {
        var picker = new WeightedPicker([5, 10, 85]);
        var random = new SeededRandomSource(3);
        picker.Pick(random);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            picker.Pick(random);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

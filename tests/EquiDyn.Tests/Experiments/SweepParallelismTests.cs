using EquiDyn.Experiments;

namespace EquiDyn.Tests.Experiments;

/// <summary>How a sweep splits the cores between runs (counts worked out by hand from the rule in the XML docs).</summary>
public class SweepParallelismTests
{
    [Theory]
    // cores, groups, threads given, runs given → runs at once, threads per run
    [InlineData(2, 6, null, null, 2, 1)]   // the quick mnist-c4 sweep on this machine: one run per core
    [InlineData(2, 1, null, null, 1, 2)]   // a single run gets every core
    [InlineData(8, 3, null, null, 3, 2)]   // fewer groups than cores: the cores are shared out
    [InlineData(2, 6, 2, null, 1, 2)]      // --threads 2 on two cores: one run at a time
    [InlineData(2, 6, 1, null, 2, 1)]
    [InlineData(1, 6, null, null, 1, 1)]   // one core (e.g. taskset): one after another
    [InlineData(4, 6, null, 3, 3, 1)]      // --jobs 3 on four cores: 4 / 3 rounds down
    [InlineData(2, 2, 4, 5, 2, 4)]         // both given: runs capped by the groups, threads as given
    [InlineData(2, 0, null, null, 1, 2)]   // nothing to run
    public void TheCoresAreSharedBetweenRunsOfOneThreadFirst(int cores, int groups, int? threads, int? runs, int expectedRuns, int expectedThreads)
    {
        var p = SweepParallelism.Choose(cores, groups, threads, runs);
        Assert.Equal(expectedRuns, p.RunsAtOnce);
        Assert.Equal(expectedThreads, p.ThreadsPerRun);
    }

    [Fact]
    public void CountsBelowOneAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SweepParallelism.Choose(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SweepParallelism.Choose(2, 1, threads: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => SweepParallelism.Choose(2, 1, runsAtOnce: 0));
    }

    [Fact]
    public void ItDescribesItself() =>
        Assert.Equal("2 runs at once, 1 thread each", new SweepParallelism(2, 1).ToString());
}

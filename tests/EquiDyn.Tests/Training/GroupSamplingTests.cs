using EquiDyn.Data;
using EquiDyn.Training;

namespace EquiDyn.Tests.Training;

public class GroupSamplingTests
{
    [Fact]
    public void RestoringTheStateReplaysTheSameDraws()
    {
        var a = new DataRandom(42);
        a.NextUInt64();
        var b = new DataRandom(0) { State = a.State };
        Assert.Equal(Enumerable.Range(0, 20).Select(_ => a.NextInt(7)), Enumerable.Range(0, 20).Select(_ => b.NextInt(7)));
    }

    [Fact]
    public void GroupElementsAreDrawnUniformly()
    {
        // Chi-square test for uniformity over 4 outcomes (C4), 40,000 draws: with 3 degrees of freedom the 99.9% quantile
        // is 16.27, so a uniform sampler fails with probability 1e-3 — the authors' randint(0,4) bug (P(identity) = 2/5)
        // would give a statistic near 4,000.
        var rng = new DataRandom(7);
        var counts = new int[4];
        for (int i = 0; i < 40000; i++) counts[rng.NextInt(4)]++;
        double chi2 = counts.Sum(c => Math.Pow(c - 10000, 2) / 10000);
        Assert.True(chi2 < 16.27, $"chi-square {chi2}, counts {string.Join(",", counts)}");
    }
}

using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

public class DataRandomTests
{
    [Fact]
    public void MatchesTheSplitMix64ReferenceSequence()
    {
        // Published SplitMix64 outputs for seed 0 (e.g. the reference C code of Vigna's xoshiro page).
        var r = new DataRandom(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, r.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, r.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, r.NextUInt64());
    }

    [Fact]
    public void DrawsStayInRangeAndPermutationsArePermutations()
    {
        var r = new DataRandom(42);
        for (var i = 0; i < 10000; i++)
        {
            var d = r.NextDouble();
            Assert.InRange(d, 0.0, 0.9999999999999999);
            Assert.InRange(r.NextInt(7), 0, 6);
        }
        Assert.Equal(Enumerable.Range(0, 50), r.Permutation(50).Order());
        Assert.Equal(new DataRandom(5).Permutation(20), new DataRandom(5).Permutation(20));
    }

    [Fact]
    public void NextIntIsRoughlyUniform()
    {
        var r = new DataRandom(1);
        var counts = new int[4];
        for (var i = 0; i < 40000; i++)
            counts[r.NextInt(4)]++;
        // Each count ~ Binomial(40000, 1/4): sd ≈ 87; allow 5 sd.
        Assert.All(counts, c => Assert.InRange(c, 10000 - 435, 10000 + 435));
    }
}

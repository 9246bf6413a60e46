using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Training;

public class DataGroupActionsTests
{
    private static Tensor Image(int n) => arange(n * n, dtype: ScalarType.Float64).reshape(1, 1, n, n);

    [Fact]
    public void TranslationsAreTheCyclicRollsOfTheImage()
    {
        using var scope = NewDisposeScope();
        var x = Image(5);
        var planar = DataGroupActions.ImageTranslations(5);
        var alongX = DataGroupActions.ImageTranslationsAlongX(5);
        Assert.Equal(25, planar.Elements!.Count);
        Assert.Equal(5, alongX.Elements!.Count);
        var rolls = new HashSet<string>();
        for (int dy = 0; dy < 5; dy++)
        for (int dx = 0; dx < 5; dx++)
            rolls.Add(Key(x.roll(new long[] { dy, dx }, new long[] { 2, 3 })));
        Assert.True(rolls.SetEquals(planar.Elements.Select(g => Key(planar.Apply(g, x, x).Inputs))));
        var xRolls = Enumerable.Range(0, 5).Select(dx => Key(x.roll(dx, 3))).ToHashSet();
        Assert.True(xRolls.SetEquals(alongX.Elements.Select(g => Key(alongX.Apply(g, x, x).Inputs))));
    }

    [Fact]
    public void RotoTranslationsAreEveryRolledQuarterTurn()
    {
        using var scope = NewDisposeScope();
        var x = Image(4);
        var action = DataGroupActions.ImageRotoTranslations(4);
        Assert.Equal(64, action.Elements!.Count);
        var expected = new HashSet<string>();
        for (int k = 0; k < 4; k++)
        for (int dy = 0; dy < 4; dy++)
        for (int dx = 0; dx < 4; dx++)
            expected.Add(Key(x.rot90(k, (2, 3)).roll(new long[] { dy, dx }, new long[] { 2, 3 })));
        Assert.True(expected.SetEquals(action.Elements.Select(g => Key(action.Apply(g, x, x).Inputs))));
    }

    [Fact]
    public void MasksRotateWithTheirImage()
    {
        using var scope = NewDisposeScope();
        var x = Image(4);
        var masks = cat(new[] { x, -x }, 1);
        var action = DataGroupActions.MaskedImageRotations(4);
        Assert.Equal(4, action.Elements!.Count);
        foreach (var g in action.Elements)
        {
            var (gx, gm) = action.Apply(g, x, masks);
            Assert.True(gm.eq(cat(new[] { gx, -gx }, 1)).all().item<bool>());
        }
    }

    private static string Key(Tensor t) => string.Join(",", t.flatten().data<double>().ToArray());
}

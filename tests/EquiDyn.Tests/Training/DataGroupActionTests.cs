using EquiDyn.Data;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Training;

public class DataGroupActionTests
{
    [Fact]
    public void RotationsOfA2x2ImageAreTheFourQuarterTurns()
    {
        using var scope = NewDisposeScope();
        // [[a, b], [c, d]] = [[1, 2], [3, 4]]: its quarter turns are, by hand, [[2,4],[1,3]], [[4,3],[2,1]], [[3,1],[4,2]].
        var x = tensor(new double[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2);
        var action = DataGroupActions.ImageRotations(2);
        var images = action.Elements!.Select(g => string.Join("", action.Apply(g, x, x).Inputs.flatten().data<double>().ToArray()))
            .OrderBy(s => s).ToArray();
        Assert.Equal(new[] { "1234", "2413", "3142", "4321" }, images);
    }

    [Fact]
    public void RotationElementsKeepTheirOrderSoPresetsDrawTheSameRotations()
    {
        using var scope = NewDisposeScope();
        // Augmentation draws elements by index, so the order e, r, r², r³ (r a counter-clockwise quarter turn,
        // (row, col) ↦ (n−1−col, row)) is part of every preset's numbers. By hand for [[1, 2], [3, 4]]:
        // r moves 1 from (0,0) to (1,0), 2 from (0,1) to (0,0), 4 from (1,1) to (0,1) and 3 from (1,0) to (1,1).
        var x = tensor(new double[] { 1, 2, 3, 4 }).reshape(1, 1, 2, 2);
        var action = DataGroupActions.ImageRotations(2);
        var images = action.Elements!.Select(g => string.Join("", action.Apply(g, x, x).Inputs.flatten().data<double>().ToArray()));
        Assert.Equal(new[] { "1234", "2413", "4321", "3142" }, images);
    }

    [Fact]
    public void TheOrbitHoldsEveryElementsImageOfEverySample()
    {
        using var scope = NewDisposeScope();
        var x = arange(2 * 9, dtype: ScalarType.Float64).reshape(2, 1, 3, 3);
        var labels = tensor(new long[] { 5, 7 });
        var action = DataGroupActions.ImageRotations(3);
        var (ox, oy) = action.Orbit(x, labels);
        Assert.Equal(new long[] { 8, 1, 3, 3 }, ox.shape);
        Assert.Equal(new long[] { 5, 7, 5, 7, 5, 7, 5, 7 }, oy.data<long>().ToArray());
        for (int g = 0; g < 4; g++)
        {
            var (gx, _) = action.Apply(action.Elements![g], x, labels);
            Assert.True(ox.narrow(0, 2 * g, 2).eq(gx).all().item<bool>());
        }
    }

    [Fact]
    public void PerSampleSamplingAppliesOneElementToEachSampleAndItsTarget()
    {
        using var scope = NewDisposeScope();
        // Equivariant targets: the target is the input itself, so each sample's target must move with its input.
        var symmetry = new EquiDyn.Symmetry.CyclicGroup(4).OnGrid(3);
        var action = DataGroupActions.FromSiteActions(symmetry, symmetry);
        var x = randn(16, 1, 3, 3, dtype: ScalarType.Float64);
        var (gx, gy) = action.ApplyPerSample(new DataRandom(3), x, x.clone());
        Assert.True(gx.eq(gy).all().item<bool>());
        var distinct = Enumerable.Range(0, 16).Select(i => action.Elements!.ToList().FindIndex(g => action.Apply(g, x[i].unsqueeze(0), x[i].unsqueeze(0)).Inputs.eq(gx[i].unsqueeze(0)).all().item<bool>())).Distinct().Count();
        Assert.True(distinct > 1, "16 samples all received the same element");
    }

    [Fact]
    public void NodeRelabellingConjugatesAdjacencyMatrices()
    {
        using var scope = NewDisposeScope();
        // A path 0–1–2 on 4 nodes plus an isolated node: relabelling keeps the degree sequence and the symmetry A = Aᵀ.
        var a = zeros(1, 1, 16, dtype: ScalarType.Float64);
        foreach (var (i, j) in new[] { (0, 1), (1, 0), (1, 2), (2, 1) }) a[0, 0, 4 * i + j] = 1;
        var action = DataGroupActions.NodeRelabelling(4);
        var rng = new DataRandom(1);
        for (int k = 0; k < 10; k++)
        {
            var (pa, _) = action.Apply(action.SampleUniform(rng), a, a);
            var m = pa.reshape(4, 4);
            Assert.True(m.eq(m.t()).all().item<bool>());
            Assert.Equal(new double[] { 0, 1, 1, 2 }, m.sum(1).data<double>().ToArray().OrderBy(d => d));
        }
        Assert.Null(action.Elements);
    }

    [Fact]
    public void ClassLabelsMoveWithTheirInputsUnderEveryWayOfApplyingAnElement()
    {
        using var scope = NewDisposeScope();
        // Z2 reversing 4 sites and swapping classes 0 and 1 (2 fixed), by hand: x ↦ x reversed, y ↦ (1, 0, 2)[y].
        var group = new EquiDyn.Symmetry.GroupDefinition
        {
            Name = "Z2", Generators = [[1, 0]],
            Actions = new Dictionary<string, IReadOnlyList<int[]>> { ["line"] = [[3, 2, 1, 0]], ["classes"] = [[1, 0, 2]] },
        }.Build();
        var action = DataGroupActions.FromSiteActions(group.Actions["line"], classes: group.Actions["classes"]);
        var x = arange(5 * 4, dtype: ScalarType.Float64).reshape(5, 1, 4);
        var y = tensor(new long[] { 0, 1, 2, 0, 1 });
        var mirror = action.Elements!.Single(e => e.Classes![0] == 1);
        var (mx, my) = action.Apply(mirror, x, y);
        Assert.True(mx.eq(x.flip(-1)).all().item<bool>());
        Assert.Equal(new long[] { 1, 0, 2, 1, 0 }, my.data<long>().ToArray());

        var (px, py) = action.ApplyPerSample(new DataRandom(1), x.repeat(8, 1, 1), y.repeat(8));
        int mirrored = 0;
        for (int i = 0; i < 40; i++)
        {
            bool flipped = !px[i].eq(x[i % 5]).all().item<bool>();
            Assert.True(px[i].eq(flipped ? x[i % 5].flip(-1) : x[i % 5]).all().item<bool>());
            Assert.Equal(flipped ? new long[] { 1, 0, 2 }[y[i % 5].item<long>()] : y[i % 5].item<long>(), py[i].item<long>());
            mirrored += flipped ? 1 : 0;
        }
        Assert.InRange(mirrored, 5, 35); // both elements drawn (uniform: 20 of 40 expected)

        // scores are a feature on the class sites: the score of class c moves to class g·c
        var scores = tensor(new double[] { 0.1, 0.2, 0.3 }).reshape(1, 3);
        Assert.Equal(new[] { 0.2, 0.1, 0.3 }, DataGroupAction.ApplyToScores(mirror, scores).data<double>().ToArray());
    }
}

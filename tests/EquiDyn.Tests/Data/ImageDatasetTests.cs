using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

public class ImageDatasetTests
{
    private static ImageDataset Single(float[] pixels, int h, int w, float[]? mask = null) =>
        new(pixels, 1, 1, h, w, [3], mask, mask is null ? 0 : 1);

    [Fact]
    public void Rot90MatchesNumpyAndTorchOnExplicitExamples()
    {
        // numpy.rot90 / torch.rot90 (counterclockwise): [[1, 2], [3, 4]] → [[2, 4], [1, 3]].
        Assert.Equal(new float[] { 2, 4, 1, 3 }, Single([1, 2, 3, 4], 2, 2).Rot90(1).Images);
        // Non-square: [[1, 2, 3], [4, 5, 6]] → k=1 [[3, 6], [2, 5], [1, 4]]; k=2 [[6, 5, 4], [3, 2, 1]];
        // k=3 [[4, 1], [5, 2], [6, 3]] (a quarter turn clockwise).
        var x = Single([1, 2, 3, 4, 5, 6], 2, 3);
        var r1 = x.Rot90(1);
        Assert.Equal((3, 2), (r1.Height, r1.Width));
        Assert.Equal(new float[] { 3, 6, 2, 5, 1, 4 }, r1.Images);
        Assert.Equal(new float[] { 6, 5, 4, 3, 2, 1 }, x.Rot90(2).Images);
        Assert.Equal(new float[] { 4, 1, 5, 2, 6, 3 }, x.Rot90(3).Images);
        Assert.Equal(x.Rot90(3).Images, x.Rot90(-1).Images);
        Assert.Equal(x.Images, x.Rot90(4).Images);
        Assert.Equal(x.Images, x.Rot90(1).Rot90(1).Rot90(1).Rot90(1).Images);
    }

    [Fact]
    public void Rot90MovesTheTopRowToTheLeftColumn()
    {
        // Counterclockwise: what was at the top ends up on the left, read bottom-to-top.
        var top = new float[16];
        top[0] = 1; top[1] = 2; top[2] = 3; top[3] = 4;
        var r = Single(top, 4, 4).Rot90(1).Images;
        Assert.Equal(new float[] { 4, 3, 2, 1 }, new[] { r[0], r[4], r[8], r[12] });
    }

    [Fact]
    public void RotationsApplyToTargetsAndKeepLabels()
    {
        var d = Single([1, 2, 3, 4], 2, 2, mask: [0, 1, 0, 0]);
        var r = d.Rot90(1);
        Assert.Equal(new float[] { 1, 0, 0, 0 }, r.Targets);
        Assert.Equal(new[] { 3 }, r.Labels);
    }

    [Fact]
    public void OrbitCompletedSetIsOriginalThenThreeRotations()
    {
        var d = new ImageDataset([1, 2, 3, 4, 5, 6, 7, 8], 2, 1, 2, 2, [0, 1]);
        var o = d.WithRotationOrbits();
        Assert.Equal(new[] { 8, 1, 2, 2 }, o.ImageShape);
        Assert.Equal(new[] { 0, 1, 0, 1, 0, 1, 0, 1 }, o.Labels);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, o.Images[..8]);
        Assert.Equal(new float[] { 2, 4, 1, 3 }, o.Images[8..12]);   // block 1, sample 0: one quarter turn
        Assert.Equal(new float[] { 8, 7, 6, 5 }, o.Images[20..24]);  // block 2, sample 1: half turn
        Assert.Equal(new float[] { 7, 5, 8, 6 }, o.Images[28..32]);  // block 3, sample 1: three quarter turns
        Assert.Throws<InvalidOperationException>(() => Single(new float[6], 2, 3).WithRotationOrbits());
    }

    [Fact]
    public void StatsAndNormalisationFollowTorchConventions()
    {
        // Values 1, 2, 3, 4: mean 2.5; Σ(x − 2.5)² = 5; unbiased variance 5/3 (torch.std's default).
        var d = new ImageDataset([1, 2, 3, 4], 2, 1, 1, 2, [0, 1]);
        var s = d.ComputeStats();
        Assert.Equal(2.5, s.Mean, 1e-12);
        Assert.Equal(Math.Sqrt(5.0 / 3.0), s.Std, 1e-12);

        var n = d.Normalize(s);
        Assert.Equal(0.0, n.ComputeStats().Mean, 1e-6);
        Assert.Equal(1.0, n.ComputeStats().Std, 1e-6);
        Assert.Equal((float)(-1.5 / Math.Sqrt(5.0 / 3.0)), n.Images[0], 1e-6);
        Assert.Equal(new float[] { 0.5f, 1.5f, 2.5f, 3.5f }, d.Shift(-0.5f).Images);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, d.Images); // transforms never mutate
    }

    [Fact]
    public void AntialiasedShrinkByTwoUsesTheWidenedTriangleFilter()
    {
        // 1×4 → 1×2, s = 2, support 2. Output 0: centre 1, taps 0..2 with raw weights 0.75, 0.75, 0.25 → 3/7, 3/7, 1/7.
        // Output 1: centre 3, taps 1..3 with 0.25, 0.75, 0.75 → 1/7, 3/7, 3/7.
        // On [0, 7, 14, 21]: (0·3 + 7·3 + 14)/7 = 5 and (7 + 14·3 + 21·3)/7 = 16 (2×2 average pooling would give 3.5, 17.5).
        var r = Single([0, 7, 14, 21], 1, 4).Resize(1, 2);
        Assert.Equal(5f, r.Images[0], 1e-5);
        Assert.Equal(16f, r.Images[1], 1e-5);
    }

    [Fact]
    public void InteriorWeightsOfAnExactHalvingAreOneThreeThreeOneEighths()
    {
        // Impulse at input 3 of 8 → 4: output 1 (centre 3, taps 1..4, weights 1/8, 3/8, 3/8, 1/8) sees weight 3/8 at
        // tap 3; output 2 (centre 5, taps 3..6) sees 1/8; outputs 0 (taps 0..2) and 3 (taps 5..7) see nothing.
        var impulse = new float[8];
        impulse[3] = 1;
        var r = Single(impulse, 1, 8).Resize(1, 4).Images;
        Assert.Equal(new[] { 0f, 0.375f, 0.125f, 0f }, r);

        var weights = AntialiasedBilinear.AxisWeights(28, 14);
        Assert.Equal(7 * 2 - 1, weights[7].First);
        Assert.Equal(new[] { 0.125, 0.375, 0.375, 0.125 }, weights[7].Weights);
        Assert.Equal(3, weights[0].Weights.Length);
        Assert.Equal(3 / 7.0, weights[0].Weights[0], 1e-15);
        Assert.Equal(3 / 7.0, weights[0].Weights[1], 1e-15);
        Assert.Equal(1 / 7.0, weights[0].Weights[2], 1e-15);
    }

    [Fact]
    public void ResizeIsSeparableAndPreservesConstants()
    {
        // 4×4 → 2×2 of an outer product u vᵀ is (W u)(W v)ᵀ with the 1-D weights above.
        float[] u = [1, 2, 4, 8], v = [0, 7, 14, 21];
        var img = new float[16];
        for (var i = 0; i < 4; i++)
        for (var j = 0; j < 4; j++)
            img[i * 4 + j] = u[i] * v[j];
        float[] wu = [(3 * 1 + 3 * 2 + 4) / 7f, (2 + 3 * 4 + 3 * 8) / 7f], wv = [5, 16];
        var r = Single(img, 4, 4).Resize(2, 2).Images;
        for (var i = 0; i < 2; i++)
        for (var j = 0; j < 2; j++)
            Assert.Equal(wu[i] * wv[j], r[i * 2 + j], 1e-4);

        var constant = Single(Enumerable.Repeat(0.3f, 28 * 28).ToArray(), 28, 28).Resize(14, 14);
        Assert.All(constant.Images, p => Assert.Equal(0.3f, p, 6));
        Assert.Equal(Enumerable.Range(0, 9).Select(i => (float)i), Single(Enumerable.Range(0, 9).Select(i => (float)i).ToArray(), 3, 3).Resize(3, 3).Images);
    }

    [Fact]
    public void SelectAndConcat()
    {
        var d = new ImageDataset([1, 2, 3], 3, 1, 1, 1, [10, 11, 12]);
        var s = d.Select([2, 0, 2]);
        Assert.Equal(new float[] { 3, 1, 3 }, s.Images);
        Assert.Equal(new[] { 12, 10, 12 }, s.Labels);
        Assert.Equal(new[] { 1, 1, 1, 1, 1, 1 }.Length, ImageDataset.Concat([d, d]).Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => d.Select([3]));
        Assert.Equal(new[] { 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, new ImageDataset([0], 1, 1, 1, 1, [1]).ClassCounts(13));
    }
}

using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

public class SimpleShapesTests
{
    private const double PixelArea = (2.0 / 14) * (2.0 / 14); // canvas units per pixel

    [Theory]
    [InlineData(ShapeKind.Triangle, 0.75)]
    [InlineData(ShapeKind.Pentagon, 0.7)]
    [InlineData(ShapeKind.Pentagon, 0.8)]
    public void CoverageAndMaskAreaMatchThePolygonArea(ShapeKind kind, double r)
    {
        // Area of a regular m-gon of circumradius r: (m/2) r² sin(2π/m); the triangle's is (3√3/4) r².
        var m = kind == ShapeKind.Triangle ? 3 : 5;
        var area = m / 2.0 * r * r * Math.Sin(2 * Math.PI / m) / PixelArea;
        var coverage = SimpleShapes.Rasterize(kind, r, 0, 0, 14, 8);
        // 64 samples per pixel: the summed coverage errs by well under half a pixel over the ~30 boundary pixels.
        Assert.Equal(area, coverage.Sum(), 0.5);
        // Thresholding at 0.5 moves each boundary pixel by < 0.5; errors largely cancel. Perimeter in pixels:
        // m·2r·sin(π/m)/h ≈ 27 (triangle) or 29 (pentagon); allow a fifth of it.
        var perimeter = m * 2 * r * Math.Sin(Math.PI / m) / (2.0 / 14);
        Assert.Equal(area, coverage.Count(c => c >= 0.5), perimeter / 5);
    }

    [Fact]
    public void TrianglePointsRightAndRowZeroIsTheTop()
    {
        // Vertex at angle 0: the triangle reaches x = r on the right but only x = −r/2 on the left.
        var c = SimpleShapes.Rasterize(ShapeKind.Triangle, 0.75, 0, 0, 14, 8);
        // Rows 6 and 7 span y ∈ [−1/7, 1/7]; column 10 spans x ∈ [3/7, 4/7], where the triangle's half-height
        // 0.6495·(0.75 − x)/1.125 is 0.10–0.19, so the pixels are mostly covered.
        Assert.True(c[6 * 14 + 10] > 0.5);
        Assert.True(c[7 * 14 + 10] > 0.5);
        // Column 2 spans x ∈ [−5/7, −4/7], left of the triangle's left side at x = −0.375.
        Assert.Equal(0.0, c[6 * 14 + 2]);
        // A shape centred at y = +0.5 covers the top rows, not the bottom ones.
        var high = SimpleShapes.Rasterize(ShapeKind.Pentagon, 0.7, 0, 0.5, 14, 8);
        Assert.True(high[1 * 14 + 7] > 0.9);
        Assert.Equal(0.0, high[12 * 14 + 7]);
    }

    [Fact]
    public void GeneratedSetHasThePapersLayoutAndGreyLevels()
    {
        var d = SimpleShapes.Generate(new SimpleShapesOptions { Count = 400, Seed = 11 });
        Assert.Equal(new[] { 400, 1, 14, 14 }, d.ImageShape);
        Assert.Equal(new[] { 400, 2, 14, 14 }, d.TargetShape);
        Assert.All(d.Images, p => Assert.InRange(p, 0.4f - 1e-6f, 1f));
        Assert.Contains(0.4f, d.Images);
        Assert.Contains(1f, d.Images);
        Assert.All(d.Targets!, t => Assert.True(t is 0f or 1f));
        // Triangle or pentagon with probability ½ each: 200 ± 5·10.
        Assert.InRange(d.ClassCounts(2)[0], 150, 250);
        for (var n = 0; n < d.Count; n++)
        {
            var kind = d.Labels![n];
            var present = d.Targets.AsSpan((n * 2 + kind) * 196, 196).ToArray();
            var absent = d.Targets.AsSpan((n * 2 + 1 - kind) * 196, 196).ToArray();
            Assert.All(absent, t => Assert.Equal(0f, t));
            // The mask marks where the image is mostly shape: grey ≤ 1 − 0.6·0.5 = 0.7.
            var image = d.Image(n).ToArray();
            for (var p = 0; p < 196; p++)
                Assert.Equal(present[p] == 1f, image[p] <= 0.7f + 1e-6f);
        }
    }

    [Fact]
    public void AbsentMaskCanReproduceTheAuthorsAllOnesQuirk()
    {
        var zeros = SimpleShapes.Generate(new SimpleShapesOptions { Count = 50, Seed = 2 });
        var ones = SimpleShapes.Generate(new SimpleShapesOptions { Count = 50, Seed = 2, AbsentMask = AbsentMask.Ones });
        Assert.Equal(zeros.Images, ones.Images);
        for (var n = 0; n < 50; n++)
        {
            var absent = (n * 2 + 1 - zeros.Labels![n]) * 196;
            Assert.All(ones.Targets!.AsSpan(absent, 196).ToArray(), t => Assert.Equal(1f, t));
            var present = (n * 2 + zeros.Labels[n]) * 196;
            Assert.Equal(zeros.Targets!.AsSpan(present, 196).ToArray(), ones.Targets.AsSpan(present, 196).ToArray());
        }
    }

    [Fact]
    public void SeedsAreReproducible()
    {
        var a = SimpleShapes.Generate(new SimpleShapesOptions { Count = 10, Seed = 5 });
        Assert.Equal(a.Images, SimpleShapes.Generate(new SimpleShapesOptions { Count = 10, Seed = 5 }).Images);
        Assert.NotEqual(a.Images, SimpleShapes.Generate(new SimpleShapesOptions { Count = 10, Seed = 6 }).Images);
    }

    [Fact]
    public void MasksRotateWithTheImages()
    {
        var d = SimpleShapes.Generate(new SimpleShapesOptions { Count = 5, Seed = 1 }).Rot90(1);
        for (var n = 0; n < 5; n++)
        {
            var kind = d.Labels![n];
            var mask = d.Targets.AsSpan((n * 2 + kind) * 196, 196).ToArray();
            var image = d.Image(n).ToArray();
            for (var p = 0; p < 196; p++)
                Assert.Equal(mask[p] == 1f, image[p] <= 0.7f + 1e-6f);
        }
    }
}

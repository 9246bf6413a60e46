namespace EquiDyn.Data;

/// <summary>
/// The SimpleShapes segmentation data of the rotation experiment (docs/experiments/rotation.md): greyscale images with one filled
/// regular triangle or pentagon, and one binary mask per shape kind.
/// </summary>
/// <remarks>
/// <para>Geometry: the canvas is [−1, 1]² with y pointing up; pixel (row i, column j) of a size×size image covers
/// x ∈ [−1 + jh, −1 + (j + 1)h], y ∈ [1 − (i + 1)h, 1 − ih] with h = 2/size, so row 0 is the top. A shape with
/// m vertices (3 or 5), radius r and centre c has vertices c + r(cos 2πk/m, sin 2πk/m), k = 0 … m − 1: one
/// vertex at angle 0, a fixed orientation (the data are not rotation-symmetric).</para>
/// <para>Rasterisation replaces the authors' matplotlib drawing plus resize: the coverage of each pixel is the
/// fraction of s×s sample points (cell centres of an s×s subgrid) inside the convex polygon; the pixel's grey level is
/// coverage·grey + (1 − coverage)·background, and the shape's mask is 1 where coverage ≥ 0.5.</para>
/// <para>Sampling, with one <see cref="DataRandom"/> seeded once: per sample, four NextDouble() draws u₀ … u₃ give the
/// kind (triangle iff u₀ &lt; 0.5), r = 0.7 + 0.1u₁, and the centre (0.5 − u₂, 0.5 − u₃).</para>
/// </remarks>
public static class SimpleShapes
{
    /// <summary>
    /// Generates the dataset: images [N, 1, size, size], targets [N, 2, size, size] (channel 0 the triangle mask,
    /// channel 1 the pentagon mask, the absent one per <see cref="SimpleShapesOptions.AbsentMask"/>) and labels
    /// (<see cref="ShapeKind"/> values). The same options always give the same data.
    /// </summary>
    public static ImageDataset Generate(SimpleShapesOptions? options = null)
    {
        options ??= new SimpleShapesOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.Count);
        var size = options.Size;
        var plane = size * size;
        var rng = new DataRandom(options.Seed);
        var images = new float[options.Count * plane];
        var targets = new float[options.Count * 2 * plane];
        var labels = new int[options.Count];
        for (var n = 0; n < options.Count; n++)
        {
            var kind = rng.NextDouble() < 0.5 ? ShapeKind.Triangle : ShapeKind.Pentagon;
            var radius = 0.7 + 0.1 * rng.NextDouble();
            var cx = 0.5 - rng.NextDouble();
            var cy = 0.5 - rng.NextDouble();
            var coverage = Rasterize(kind, radius, cx, cy, size, options.Supersampling);

            labels[n] = (int)kind;
            var image = images.AsSpan(n * plane, plane);
            var present = targets.AsSpan((n * 2 + (int)kind) * plane, plane);
            var absent = targets.AsSpan((n * 2 + 1 - (int)kind) * plane, plane);
            for (var p = 0; p < plane; p++)
            {
                // Blend in float64 so that full coverage gives exactly the grey level and none exactly the background.
                image[p] = (float)(coverage[p] * options.ShapeGrey + (1 - coverage[p]) * options.Background);
                present[p] = coverage[p] >= 0.5 ? 1f : 0f;
            }
            absent.Fill(options.AbsentMask == AbsentMask.Ones ? 1f : 0f);
        }
        return new ImageDataset(images, options.Count, 1, size, size, labels, targets, 2);
    }

    /// <summary>
    /// The coverage in [0, 1] of each pixel of a size×size image by one filled regular polygon (geometry in the class
    /// remarks), estimated with <paramref name="supersampling"/>² sample points per pixel; row-major.
    /// </summary>
    public static double[] Rasterize(ShapeKind kind, double radius, double centreX, double centreY, int size, int supersampling)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(supersampling, 1);
        var m = kind == ShapeKind.Triangle ? 3 : 5;
        var vx = new double[m];
        var vy = new double[m];
        for (var k = 0; k < m; k++)
        {
            vx[k] = centreX + radius * Math.Cos(2 * Math.PI * k / m);
            vy[k] = centreY + radius * Math.Sin(2 * Math.PI * k / m);
        }
        var h = 2.0 / size;
        var coverage = new double[size * size];
        for (var i = 0; i < size; i++)
        for (var j = 0; j < size; j++)
        {
            var inside = 0;
            for (var a = 0; a < supersampling; a++)
            for (var b = 0; b < supersampling; b++)
            {
                var y = 1 - (i + (a + 0.5) / supersampling) * h;
                var x = -1 + (j + (b + 0.5) / supersampling) * h;
                if (InsideConvex(vx, vy, x, y))
                    inside++;
            }
            coverage[i * size + j] = inside / (double)(supersampling * supersampling);
        }
        return coverage;
    }

    /// <summary>Vertices are counterclockwise, so a point is inside iff it is left of (or on) every edge.</summary>
    private static bool InsideConvex(double[] vx, double[] vy, double x, double y)
    {
        var m = vx.Length;
        for (var k = 0; k < m; k++)
        {
            var next = (k + 1) % m;
            var cross = (vx[next] - vx[k]) * (y - vy[k]) - (vy[next] - vy[k]) * (x - vx[k]);
            if (cross < 0)
                return false;
        }
        return true;
    }
}

namespace EquiDyn.Data;

/// <summary>
/// Resizing with the antialiased bilinear filter of PIL and of <c>torchvision.transforms.Resize(antialias=True)</c>
/// on tensors (<c>_upsample_bilinear2d_aa</c>): separable, and when shrinking by a factor s the triangle filter is
/// widened by s (support s input pixels on each side of the output pixel's centre), so every input pixel contributes.
/// For output index i: centre c = s(i + ½); taps j from max(0, ⌊c − s + ½⌋) to min(n, ⌊c + s + ½⌋) − 1;
/// weight ∝ max(0, 1 − |j + ½ − c| / s), normalised to sum 1 (the truncation at the borders renormalises).
/// When enlarging, s is replaced by 1 in the support and the filter (plain bilinear with half-pixel centres).
/// </summary>
/// <remarks>
/// An exact 2× shrink (28 → 14) therefore weights four input pixels 1/8, 3/8, 3/8, 1/8 (3/7, 3/7, 1/7 at the borders),
/// which is NOT the 2×2 average pooling that plain (non-antialiased) bilinear with half-pixel centres gives.
/// PIL applied to 8-bit images additionally rounds to integers after each pass; this float implementation does not.
/// </remarks>
public static class AntialiasedBilinear
{
    /// <summary>
    /// The weights of one axis: for each output index, the first input index and the weights of the consecutive taps.
    /// </summary>
    /// <param name="inputSize">Input length along the axis (≥ 1).</param>
    /// <param name="outputSize">Output length along the axis (≥ 1).</param>
    public static (int First, double[] Weights)[] AxisWeights(int inputSize, int outputSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize, 1);
        var scale = (double)inputSize / outputSize;
        var support = scale >= 1 ? scale : 1.0;
        var result = new (int, double[])[outputSize];
        for (var i = 0; i < outputSize; i++)
        {
            var centre = scale * (i + 0.5);
            // (int) truncates like the C++ kernel; the max(0, …) makes truncation and floor agree.
            var first = Math.Max((int)(centre - support + 0.5), 0);
            var end = Math.Min((int)(centre + support + 0.5), inputSize);
            var w = new double[end - first];
            double total = 0;
            for (var j = first; j < end; j++)
            {
                var x = (j - centre + 0.5) / support;
                w[j - first] = Math.Max(0.0, 1.0 - Math.Abs(x));
                total += w[j - first];
            }
            for (var k = 0; k < w.Length; k++)
                w[k] = total > 0 ? w[k] / total : 0;
            result[i] = (first, w);
        }
        return result;
    }

    /// <summary>
    /// Resizes a stack of planes: <paramref name="source"/> holds <paramref name="planes"/> row-major planes of
    /// <paramref name="height"/>×<paramref name="width"/>; the result holds the same planes resized to
    /// <paramref name="outputHeight"/>×<paramref name="outputWidth"/>. Accumulates in float64.
    /// </summary>
    public static float[] Resize(ReadOnlySpan<float> source, int planes, int height, int width, int outputHeight, int outputWidth)
    {
        if (source.Length != (long)planes * height * width)
            throw new ArgumentException($"expected {planes}×{height}×{width} values, got {source.Length}", nameof(source));
        var rows = AxisWeights(height, outputHeight);
        var cols = AxisWeights(width, outputWidth);
        var result = new float[planes * outputHeight * outputWidth];
        var horizontal = new double[height * outputWidth];
        for (var p = 0; p < planes; p++)
        {
            var plane = source.Slice(p * height * width, height * width);
            // Horizontal pass first, then vertical, in the order PIL uses (it matters only for its 8-bit rounding).
            for (var r = 0; r < height; r++)
            for (var o = 0; o < outputWidth; o++)
            {
                var (first, w) = cols[o];
                double s = 0;
                for (var k = 0; k < w.Length; k++)
                    s += w[k] * plane[r * width + first + k];
                horizontal[r * outputWidth + o] = s;
            }
            var target = result.AsSpan(p * outputHeight * outputWidth, outputHeight * outputWidth);
            for (var o = 0; o < outputHeight; o++)
            {
                var (first, w) = rows[o];
                for (var c = 0; c < outputWidth; c++)
                {
                    double s = 0;
                    for (var k = 0; k < w.Length; k++)
                        s += w[k] * horizontal[(first + k) * outputWidth + c];
                    target[o * outputWidth + c] = (float)s;
                }
            }
        }
        return result;
    }
}

namespace EquiDyn.Data;

/// <summary>
/// An immutable-by-convention set of N images in float32, layout [N, C, H, W] in C order, with optional integer class
/// labels (length N) and optional per-pixel float targets [N, K, H, W] (e.g. segmentation masks) that share the
/// images' height and width. Geometric transforms (<see cref="Rot90"/>, <see cref="Resize"/>) apply to images and
/// targets alike, because the paper's targets (SimpleShapes masks) are equivariant; labels are invariant.
/// </summary>
/// <remarks>
/// Arrays are held by reference: the constructor does not copy, and every transform returns a new dataset with new
/// arrays. Callers must not mutate arrays they passed in or obtained from a dataset.
/// </remarks>
public sealed class ImageDataset
{
    /// <summary>Wraps existing arrays (no copy).</summary>
    /// <param name="images">N·C·H·W pixel values, [N, C, H, W] in C order.</param>
    /// <param name="count">N, the number of samples.</param>
    /// <param name="channels">C.</param>
    /// <param name="height">H.</param>
    /// <param name="width">W.</param>
    /// <param name="labels">Optional class labels, one per sample.</param>
    /// <param name="targets">Optional per-pixel targets, N·K·H·W values.</param>
    /// <param name="targetChannels">K, the number of target planes per sample (0 when <paramref name="targets"/> is null).</param>
    /// <exception cref="ArgumentException">An array length does not match the dimensions.</exception>
    public ImageDataset(float[] images, int count, int channels, int height, int width,
        int[]? labels = null, float[]? targets = null, int targetChannels = 0)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (images.LongLength != (long)count * channels * height * width)
            throw new ArgumentException($"images: expected {count}×{channels}×{height}×{width} values, got {images.Length}", nameof(images));
        if (labels is not null && labels.Length != count)
            throw new ArgumentException($"labels: expected {count}, got {labels.Length}", nameof(labels));
        if (targets is null != (targetChannels == 0))
            throw new ArgumentException("targets and targetChannels > 0 go together", nameof(targetChannels));
        if (targets is not null && targets.LongLength != (long)count * targetChannels * height * width)
            throw new ArgumentException($"targets: expected {count}×{targetChannels}×{height}×{width} values, got {targets.Length}", nameof(targets));
        Images = images;
        Count = count;
        Channels = channels;
        Height = height;
        Width = width;
        Labels = labels;
        Targets = targets;
        TargetChannels = targetChannels;
    }

    /// <summary>The pixels, [N, C, H, W] in C order.</summary>
    public float[] Images { get; }

    /// <summary>N, the number of samples.</summary>
    public int Count { get; }

    /// <summary>C, channels per image.</summary>
    public int Channels { get; }

    /// <summary>H, image height (rows).</summary>
    public int Height { get; }

    /// <summary>W, image width (columns).</summary>
    public int Width { get; }

    /// <summary>Class labels (one per sample), or null.</summary>
    public int[]? Labels { get; }

    /// <summary>Per-pixel targets [N, K, H, W], or null.</summary>
    public float[]? Targets { get; }

    /// <summary>K, target planes per sample; 0 without targets.</summary>
    public int TargetChannels { get; }

    /// <summary>The image tensor shape [N, C, H, W].</summary>
    public int[] ImageShape => [Count, Channels, Height, Width];

    /// <summary>The target tensor shape [N, K, H, W], or null without targets.</summary>
    public int[]? TargetShape => Targets is null ? null : [Count, TargetChannels, Height, Width];

    /// <summary>Values per image, C·H·W.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>The pixels of sample <paramref name="index"/> ([C, H, W]).</summary>
    public ReadOnlySpan<float> Image(int index) => Images.AsSpan(checked(index * ImageSize), ImageSize);

    /// <summary>
    /// Builds a dataset from 8-bit pixels scaled to [0, 1] by /255, as <c>torchvision.transforms.ToTensor</c> does.
    /// </summary>
    public static ImageDataset FromBytes(ReadOnlySpan<byte> pixels, int count, int channels, int height, int width, int[]? labels)
    {
        var images = new float[pixels.Length];
        for (var i = 0; i < images.Length; i++)
            images[i] = pixels[i] / 255f;
        return new ImageDataset(images, count, channels, height, width, labels);
    }

    /// <summary>
    /// The number of samples per class 0 … <paramref name="classCount"/> − 1.
    /// </summary>
    /// <exception cref="InvalidOperationException">The dataset has no labels, or a label is out of range.</exception>
    public int[] ClassCounts(int classCount)
    {
        var labels = Labels ?? throw new InvalidOperationException("the dataset has no labels");
        var counts = new int[classCount];
        foreach (var l in labels)
        {
            if ((uint)l >= (uint)classCount)
                throw new InvalidOperationException($"label {l} is outside 0..{classCount - 1}");
            counts[l]++;
        }
        return counts;
    }

    /// <summary>
    /// The mean and the standard deviation (n − 1 denominator, like <c>torch.std</c>) over every pixel of every
    /// image, accumulated in float64 in two passes for accuracy.
    /// </summary>
    public NormalizationStats ComputeStats()
    {
        var n = Images.LongLength;
        if (n < 2)
            throw new InvalidOperationException("need at least two pixel values for a standard deviation");
        double sum = 0;
        foreach (var v in Images)
            sum += v;
        var mean = sum / n;
        double squares = 0;
        foreach (var v in Images)
        {
            var d = v - mean;
            squares += d * d;
        }
        return new NormalizationStats(mean, Math.Sqrt(squares / (n - 1)));
    }

    /// <summary>
    /// Returns (x − μ̂)/σ̂ for every pixel. Pass the statistics of the training set for both training and test data.
    /// </summary>
    public ImageDataset Normalize(NormalizationStats stats)
    {
        if (!(stats.Std > 0))
            throw new ArgumentOutOfRangeException(nameof(stats), stats.Std, "standard deviation must be positive");
        var images = new float[Images.Length];
        for (var i = 0; i < images.Length; i++)
            images[i] = (float)((Images[i] - stats.Mean) / stats.Std);
        return WithImages(images, Height, Width, Targets);
    }

    /// <summary>Returns x + <paramref name="offset"/> for every pixel (the paper's x − 0.5 is <c>Shift(-0.5f)</c>).</summary>
    public ImageDataset Shift(float offset)
    {
        var images = new float[Images.Length];
        for (var i = 0; i < images.Length; i++)
            images[i] = Images[i] + offset;
        return WithImages(images, Height, Width, Targets);
    }

    /// <summary>
    /// Resizes images (and targets) with <see cref="AntialiasedBilinear"/>, the filter of torchvision's
    /// <c>Resize(antialias=True)</c>; the paper's 14×14 MNIST is <c>Resize(14, 14)</c>. Targets are resized with the
    /// same filter and are therefore no longer binary.
    /// </summary>
    public ImageDataset Resize(int height, int width)
    {
        var images = AntialiasedBilinear.Resize(Images, Count * Channels, Height, Width, height, width);
        var targets = Targets is null ? null : AntialiasedBilinear.Resize(Targets, Count * TargetChannels, Height, Width, height, width);
        return WithImages(images, height, width, targets);
    }

    /// <summary>
    /// Rotates every image (and target) plane by <paramref name="k"/> quarter turns counterclockwise, exactly as
    /// <c>torch.rot90(x, k, dims=(-2, -1))</c> and <c>numpy.rot90</c>: for k = 1, out[i, j] = in[j, W − 1 − i], so
    /// [[1, 2], [3, 4]] becomes [[2, 4], [1, 3]]. Any integer k is reduced modulo 4; H and W swap for odd k.
    /// </summary>
    public ImageDataset Rot90(int k)
    {
        k = ((k % 4) + 4) % 4;
        var (h, w) = k % 2 == 0 ? (Height, Width) : (Width, Height);
        var images = RotatePlanes(Images, Count * Channels, Height, Width, k);
        var targets = Targets is null ? null : RotatePlanes(Targets, Count * TargetChannels, Height, Width, k);
        return WithImages(images, h, w, targets);
    }

    /// <summary>
    /// The orbit-completed set of docs/experiments/mnist-c4.md: the concatenation [x; rot90(x, 1); rot90(x, 2); rot90(x, 3)], 4N samples,
    /// labels repeated. Sample i of block r is sample i of this set rotated r quarter turns. Shuffle before training:
    /// the blocks are in order. Requires square images (otherwise the blocks would not share a shape).
    /// </summary>
    public ImageDataset WithRotationOrbits()
    {
        if (Height != Width)
            throw new InvalidOperationException($"rotation orbits need square images, not {Height}×{Width}");
        return Concat([this, Rot90(1), Rot90(2), Rot90(3)]);
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order (repeats allowed).</summary>
    public ImageDataset Select(ReadOnlySpan<int> indices)
    {
        var size = ImageSize;
        var targetSize = TargetChannels * Height * Width;
        var images = new float[indices.Length * size];
        var labels = Labels is null ? null : new int[indices.Length];
        var targets = Targets is null ? null : new float[indices.Length * targetSize];
        for (var n = 0; n < indices.Length; n++)
        {
            var i = indices[n];
            if ((uint)i >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"index outside 0..{Count - 1}");
            Array.Copy(Images, (long)i * size, images, (long)n * size, size);
            if (labels is not null)
                labels[n] = Labels![i];
            if (targets is not null)
                Array.Copy(Targets!, (long)i * targetSize, targets, (long)n * targetSize, targetSize);
        }
        return new ImageDataset(images, indices.Length, Channels, Height, Width, labels, targets, TargetChannels);
    }

    /// <summary>Concatenates datasets of identical per-sample layout along the sample axis.</summary>
    public static ImageDataset Concat(IReadOnlyList<ImageDataset> parts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        var f = parts[0];
        foreach (var p in parts)
        {
            if (p.Channels != f.Channels || p.Height != f.Height || p.Width != f.Width || p.TargetChannels != f.TargetChannels
                || (p.Labels is null) != (f.Labels is null))
                throw new ArgumentException("datasets differ in layout, labels or targets", nameof(parts));
        }
        var count = parts.Sum(p => p.Count);
        var images = parts.SelectMany(p => p.Images).ToArray();
        var labels = f.Labels is null ? null : parts.SelectMany(p => p.Labels!).ToArray();
        var targets = f.Targets is null ? null : parts.SelectMany(p => p.Targets!).ToArray();
        return new ImageDataset(images, count, f.Channels, f.Height, f.Width, labels, targets, f.TargetChannels);
    }

    private ImageDataset WithImages(float[] images, int height, int width, float[]? targets) =>
        new(images, Count, Channels, height, width, Labels, targets, TargetChannels);

    private static float[] RotatePlanes(float[] source, int planes, int h, int w, int k)
    {
        var result = new float[source.Length];
        var size = h * w;
        for (var p = 0; p < planes; p++)
        {
            var src = source.AsSpan(p * size, size);
            var dst = result.AsSpan(p * size, size);
            switch (k)
            {
                case 0:
                    src.CopyTo(dst);
                    break;
                case 1: // out is w×h: out[i, j] = in[j, w − 1 − i]
                    for (var i = 0; i < w; i++)
                    for (var j = 0; j < h; j++)
                        dst[i * h + j] = src[j * w + (w - 1 - i)];
                    break;
                case 2: // out[i, j] = in[h − 1 − i, w − 1 − j]
                    for (var i = 0; i < h; i++)
                    for (var j = 0; j < w; j++)
                        dst[i * w + j] = src[(h - 1 - i) * w + (w - 1 - j)];
                    break;
                default: // k = 3, out is w×h: out[i, j] = in[h − 1 − j, i]
                    for (var i = 0; i < w; i++)
                    for (var j = 0; j < h; j++)
                        dst[i * h + j] = src[(h - 1 - j) * w + i];
                    break;
            }
        }
        return result;
    }
}

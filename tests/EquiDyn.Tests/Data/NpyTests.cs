using System.Text;
using CsCheck;
using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

public class NpyTests
{
    /// <summary>
    /// The expected bytes are built from the format specification (NEP 1 / numpy.lib.format), not from the writer:
    /// magic \x93NUMPY, version 1.0, a little-endian uint16 header length, the dictionary, numpy 1.24's growth padding
    /// of 21 − len("3") = 20 spaces, alignment spaces and a newline so that the data starts at a multiple of 64.
    /// Prefix 10 + dictionary 59 + growth 20 + newline 1 = 90 → aligned to 128, so the header length is 118 = 0x76
    /// (numpy 1.24.2 writes exactly this for np.zeros((3, 4))).
    /// </summary>
    [Fact]
    public void WrittenHeaderMatchesTheHandBuiltSpecificationBytes()
    {
        const string dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }";
        Assert.Equal(59, dict.Length);
        var expected = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 0x01, 0x00, 0x76, 0x00 };
        expected.AddRange(Encoding.ASCII.GetBytes(dict));
        while (expected.Count < 127)
            expected.Add((byte)' ');
        expected.Add((byte)'\n');
        // Data: 12 little-endian doubles 0, 1, …, 11.
        foreach (var v in Enumerable.Range(0, 12))
            expected.AddRange(BitConverter.GetBytes((double)v));

        var bytes = Npy.ToBytes(NpyArray.Of(Enumerable.Range(0, 12).Select(v => (double)v).ToArray(), 3, 4));

        Assert.Equal(expected.ToArray(), bytes);
    }

    [Fact]
    public void ScalarHeaderHasNoGrowthPaddingAndOneElement()
    {
        // 10 + 55 + 1 = 66 → 128; header length 118. A 0-d array holds exactly one element.
        const string dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (), }";
        var bytes = Npy.ToBytes(NpyArray.Of(new long[] { -7 }));
        Assert.Equal(128 + 8, bytes.Length);
        Assert.Equal(dict, Encoding.ASCII.GetString(bytes, 10, dict.Length));
        Assert.True(bytes.AsSpan(10 + dict.Length, 117 - dict.Length).ToArray().All(b => b == ' '));
        Assert.Equal((byte)'\n', bytes[127]);
        Assert.Equal(-7L, BitConverter.ToInt64(bytes, 128));

        var back = Npy.Read(bytes, "scalar.npy");
        Assert.Empty(back.Shape);
        Assert.Equal(new long[] { -7 }, (long[])back.Data);
    }

    [Fact]
    public void EveryDTypeRoundTrips()
    {
        NpyArray[] arrays =
        [
            NpyArray.Of(new[] { 1.5, -2.25, double.NaN, double.PositiveInfinity, 1e-300, 0.0 }, 2, 3),
            NpyArray.Of(new[] { 1.5f, -2.25f, float.Epsilon, 3e38f }, 4),
            NpyArray.Of(new[] { long.MinValue, -1L, 0L, long.MaxValue }, 2, 1, 2),
            NpyArray.Of(new[] { int.MinValue, 42 }, 2),
            NpyArray.Of(new byte[] { 0, 1, 254, 255 }, 2, 2),
            NpyArray.Of(new[] { true, false, true }, 3),
            NpyArray.Of(Array.Empty<double>(), 0, 5),
        ];
        foreach (var a in arrays)
        {
            var back = Npy.Read(Npy.ToBytes(a), "roundtrip.npy");
            Assert.Equal(a.DType, back.DType);
            Assert.Equal(a.Shape, back.Shape);
            Assert.Equal(a.Data.Cast<object>(), back.Data.Cast<object>());
        }
    }

    [Fact]
    public void RandomFloat64ArraysRoundTripThroughAFile()
    {
        using var temp = new TempDirectory();
        var path = temp.File("prop.npy");
        Gen.Int[1, 4].Array[0, 3].SelectMany(shape =>
                Gen.Double.Array[(int)NpyArray.ElementCountOf(shape)].Select(data => (shape, data)))
            .Sample(t =>
            {
                Npy.Write(path, NpyArray.Of(t.data, t.shape));
                var back = Npy.Read(path);
                Assert.Equal(t.shape, back.Shape);
                var got = (double[])back.Data;
                // Compare bit patterns so NaN payloads and -0.0 count too.
                Assert.Equal(t.data.Select(BitConverter.DoubleToInt64Bits), got.Select(BitConverter.DoubleToInt64Bits));
            }, iter: 200, threads: 1); // one file, so one thread
    }

    [Fact]
    public void ReadsAVersion2HeaderBuiltByHand()
    {
        // Version 2.0: 4-byte header length. Prefix 12 + dictionary + newline, padded to 64.
        const string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        var headerLength = 128 - 12; // 12 + 58 + 1 = 71 bytes, aligned up to 128
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 0x02, 0x00 };
        bytes.AddRange(BitConverter.GetBytes((uint)headerLength));
        bytes.AddRange(Encoding.ASCII.GetBytes(dict.PadRight(headerLength - 1)));
        bytes.Add((byte)'\n');
        bytes.AddRange(BitConverter.GetBytes(0.5f));
        bytes.AddRange(BitConverter.GetBytes(-4f));

        var a = Npy.Read(bytes.ToArray(), "v2.npy");

        Assert.Equal(new[] { 2 }, a.Shape);
        Assert.Equal(new[] { 0.5f, -4f }, (float[])a.Data);
    }

    [Fact]
    public void ReadsPython2StyleHeadersWithOtherKeyOrderAndDoubleQuotes()
    {
        var a = Npy.Read(Handmade("{\"shape\": (2L, 1L), 'fortran_order': False, \"descr\": '|u1'}", [7, 9]), "py2.npy");
        Assert.Equal(NpyDType.UInt8, a.DType);
        Assert.Equal(new[] { 2, 1 }, a.Shape);
        Assert.Equal(new byte[] { 7, 9 }, (byte[])a.Data);
    }

    [Fact]
    public void TruncatedHeaderNamesFileAndOffsets()
    {
        var bytes = Npy.ToBytes(NpyArray.Of(new double[] { 1, 2 }, 2))[..60];
        var e = Assert.Throws<DataFormatException>(() => Npy.Read(bytes, "data.npy"));
        // The header starts at byte 10 and is 118 bytes long.
        Assert.Equal("data.npy: header ends at byte 128 but file has 60 bytes", e.Message);
        Assert.Equal(10, e.Offset);
    }

    [Fact]
    public void TruncatedDataNamesFileAndOffsets()
    {
        var bytes = Npy.ToBytes(NpyArray.Of(new double[] { 1, 2, 3 }, 3))[..140];
        var e = Assert.Throws<DataFormatException>(() => Npy.Read(bytes, "x.npy"));
        Assert.Equal("x.npy: data of shape (3,) <f8 starting at byte 128 ends at byte 152 but file has 140 bytes", e.Message);
        Assert.Equal(128, e.Offset);
    }

    [Fact]
    public void TrailingBytesAreRejected()
    {
        var bytes = Npy.ToBytes(NpyArray.Of(new double[] { 1 }, 1)).Concat(new byte[3]).ToArray();
        var e = Assert.Throws<DataFormatException>(() => Npy.Read(bytes, "x.npy"));
        Assert.Equal("x.npy: data ends at byte 136 but file has 139 bytes", e.Message);
    }

    [Fact]
    public void FortranOrderIsRejectedClearly()
    {
        var e = Assert.Throws<DataFormatException>(() =>
            Npy.Read(Handmade("{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", new byte[8]), "f.npy"));
        Assert.StartsWith("f.npy: array is stored in Fortran (column-major) order", e.Message);
        Assert.Contains("ascontiguousarray", e.Message);
    }

    [Theory]
    [InlineData("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", "dtype '>f8' is not supported")]
    [InlineData("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }", "structured dtypes are not supported")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, }", "header lacks 'shape'")]
    [InlineData("{'descr': '<f8', 'fortran_order': False, 'shape': (1; 2), }", "header shape expects ',' or ')' but found ';' (at byte 62)")]
    public void MalformedHeadersAreReportedWithTheProblem(string header, string expectedFragment)
    {
        var e = Assert.Throws<DataFormatException>(() => Npy.Read(Handmade(header, new byte[16]), "h.npy"));
        Assert.StartsWith("h.npy: ", e.Message);
        Assert.Contains(expectedFragment, e.Message);
    }

    [Fact]
    public void NotANpyFile()
    {
        var e = Assert.Throws<DataFormatException>(() => Npy.Read("PK\u0003\u0004 zip file"u8.ToArray(), "a.npz"));
        Assert.Equal("a.npz: not a .npy file: the first 6 bytes are not \\x93NUMPY (at byte 0)", e.Message);
    }

    [Fact]
    public void FolderOfSamplesIsReadInNaturalOrderAndStacked()
    {
        using var temp = new TempDirectory();
        // Written out of order; "10" must come after "2" (natural order), not between "1" and "2".
        foreach (var i in new[] { 10, 2, 1, 0 })
            Npy.Write(temp.File($"sample_{i}.npy"), NpyArray.Of(new[] { i, i + 0.5 }, 2));
        File.WriteAllText(temp.File("labels.txt"), "not matched by *.npy");

        var a = Npy.ReadFolder(temp.Path);

        Assert.Equal(new[] { 4, 2 }, a.Shape);
        Assert.Equal(new[] { 0, 0.5, 1, 1.5, 2, 2.5, 10, 10.5 }, (double[])a.Data);
    }

    [Fact]
    public void FolderWithMismatchedSampleNamesTheFile()
    {
        using var temp = new TempDirectory();
        Npy.Write(temp.File("a.npy"), NpyArray.Of(new double[2], 2));
        Npy.Write(temp.File("b.npy"), NpyArray.Of(new double[3], 3));
        var e = Assert.Throws<DataFormatException>(() => Npy.ReadFolder(temp.Path));
        Assert.Equal($"{temp.File("b.npy")}: <f8 (3,) differs from <f8 (2,) of a.npy", e.Message);
    }

    [Fact]
    public void NaturalOrder()
    {
        string[] names = ["img10", "img2", "img1", "b", "a", "img02", "img"];
        Assert.Equal(["a", "b", "img", "img1", "img02", "img2", "img10"], names.Order(NaturalStringComparer.Instance));
    }

    /// <summary>A version 1.0 file with an arbitrary header text, padded to 64 bytes, followed by <paramref name="data"/>.</summary>
    private static byte[] Handmade(string header, byte[] data)
    {
        var length = 64 * ((10 + header.Length + 1 + 63) / 64) - 10;
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)length, (byte)(length >> 8) };
        bytes.AddRange(Encoding.ASCII.GetBytes(header.PadRight(length - 1) + "\n"));
        bytes.AddRange(data);
        return bytes.ToArray();
    }
}

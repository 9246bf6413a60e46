using System.Runtime.InteropServices;

namespace EquiDyn.Data;

/// <summary>
/// Reads and writes numpy's .npy format (format versions 1.0, 2.0 and 3.0 read; 1.0 written, 2.0 only when the header
/// exceeds 65,535 bytes, as numpy does). Supported dtypes are those of <see cref="NpyDType"/>; arrays must be in C
/// order. Written files are byte-identical to <c>numpy.save</c> of numpy 1.24+ (same header text and padding).
/// Every malformed, truncated or unsupported file raises a <see cref="DataFormatException"/> naming the file and the
/// byte offset.
/// </summary>
public static class Npy
{
    /// <summary>Reads one .npy file (gzip-compressed files are decompressed transparently).</summary>
    /// <exception cref="DataFormatException">The file is not a valid .npy file of a supported dtype.</exception>
    public static NpyArray Read(string path) => Read(ByteReader.OpenFile(path, HeaderProbe, DeclaredLength));

    /// <summary>Reads .npy bytes already in memory; <paramref name="sourceName"/> names them in error messages.</summary>
    /// <exception cref="DataFormatException">The bytes are not a valid .npy file of a supported dtype.</exception>
    public static NpyArray Read(byte[] bytes, string sourceName) => Read(new ByteReader(bytes, sourceName));

    /// <summary>The longest header read (numpy writes a few hundred bytes; version 2.0 allows 4 GiB, refused).</summary>
    private const int MaxHeaderLength = 1 << 20;

    private const int HeaderProbe = 12 + MaxHeaderLength;

    private static long DeclaredLength(ByteReader probe)
    {
        var header = ReadHeader(probe);
        return probe.Position + DataBytes(header, probe);
    }

    private static NpyHeader ReadHeader(ByteReader file)
    {
        var magic = file.ReadBytes(6, "magic string");
        if (magic[0] != 0x93 || !magic[1..].SequenceEqual("NUMPY"u8))
            throw file.Error(0, "not a .npy file: the first 6 bytes are not \\x93NUMPY (at byte 0)");
        var major = file.ReadByte("format version");
        file.ReadByte("format version");
        long headerLength = major switch
        {
            1 => file.ReadUInt16LittleEndian("header length"),
            2 or 3 => file.ReadUInt32LittleEndian("header length"),
            _ => throw file.Error(6, $"format version {major}.x is not supported (EquiDyn reads 1.0, 2.0, 3.0) (at byte 6)"),
        };
        var headerStart = file.Position;
        if (headerLength > MaxHeaderLength)
            throw file.Error(8, $"header length {headerLength} is implausible: EquiDyn reads headers up to {MaxHeaderLength} bytes (at byte 8)");
        // Version 3.0 differs from 2.0 only in allowing UTF-8 in the header (field names of structured dtypes).
        var text = major == 3
            ? file.ReadUtf8((int)headerLength, "header")
            : file.ReadAscii((int)headerLength, "header");
        return NpyHeader.Parse(text, headerStart, file);
    }

    /// <summary>Bytes of data the header declares, refused past <see cref="MemoryBudget.MaxDataBytes"/> (checked
    /// before any multiplication can overflow).</summary>
    private static long DataBytes(NpyHeader header, ByteReader file)
    {
        long bytes = NpyHeader.ItemSize(header.DType);
        foreach (var d in header.Shape)
        {
            if (d == 0) return 0;
            bytes *= d;
            if (bytes > MemoryBudget.MaxDataBytes)
                throw file.Error(file.Position, $"shape {NpyArray.FormatShape(header.Shape)} {NpyHeader.Descr(header.DType)} declares more than {MemoryBudget.MaxDataBytes} bytes, the most EquiDyn reads into memory on this machine");
        }
        return bytes;
    }

    private static NpyArray Read(ByteReader file)
    {
        var header = ReadHeader(file);
        var byteCount = DataBytes(header, file);
        var count = byteCount / NpyHeader.ItemSize(header.DType);
        if (header.Shape.Contains(0)) count = 0;
        file.Require(byteCount,
            $"data of shape {NpyArray.FormatShape(header.Shape)} {NpyHeader.Descr(header.DType)} starting at byte {file.Position}");
        var data = file.ReadBytes((int)byteCount, "data");
        file.RequireEnd("data");
        return Decode(header, data, (int)count);
    }

    private static NpyArray Decode(NpyHeader header, ReadOnlySpan<byte> data, int count)
    {
        // .npy data is little-endian; on a little-endian machine (every .NET platform in practice) a reinterpret-copy
        // is exact, and the reversal branch keeps big-endian hosts correct.
        switch (header.DType)
        {
            case NpyDType.Float64:
            {
                var a = MemoryMarshal.Cast<byte, double>(data).ToArray();
                if (!BitConverter.IsLittleEndian)
                    System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<double, long>(a), MemoryMarshal.Cast<double, long>(a.AsSpan()));
                return NpyArray.Of(a, header.Shape);
            }
            case NpyDType.Float32:
            {
                var a = MemoryMarshal.Cast<byte, float>(data).ToArray();
                if (!BitConverter.IsLittleEndian)
                    System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(a), MemoryMarshal.Cast<float, int>(a.AsSpan()));
                return NpyArray.Of(a, header.Shape);
            }
            case NpyDType.Int64:
            {
                var a = MemoryMarshal.Cast<byte, long>(data).ToArray();
                if (!BitConverter.IsLittleEndian)
                    System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(a, a);
                return NpyArray.Of(a, header.Shape);
            }
            case NpyDType.Int32:
            {
                var a = MemoryMarshal.Cast<byte, int>(data).ToArray();
                if (!BitConverter.IsLittleEndian)
                    System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(a, a);
                return NpyArray.Of(a, header.Shape);
            }
            case NpyDType.UInt8:
                return NpyArray.Of(data.ToArray(), header.Shape);
            case NpyDType.Bool:
            {
                var a = new bool[count];
                for (var i = 0; i < count; i++)
                    a[i] = data[i] != 0;
                return NpyArray.Of(a, header.Shape);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(header), header.DType, null);
        }
    }

    /// <summary>The complete .npy file contents for <paramref name="array"/>.</summary>
    public static byte[] ToBytes(NpyArray array)
    {
        using var stream = new MemoryStream();
        Write(stream, array);
        return stream.ToArray();
    }

    /// <summary>Writes <paramref name="array"/> to <paramref name="path"/> (replacing any file there).</summary>
    public static void Write(string path, NpyArray array)
    {
        using var stream = File.Create(path);
        Write(stream, array);
    }

    /// <summary>Writes <paramref name="array"/> in .npy form to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        stream.Write(new NpyHeader(array.DType, array.Shape).ToBytes());
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("writing .npy files needs a little-endian machine");
        switch (array.Data)
        {
            case double[] d: stream.Write(MemoryMarshal.AsBytes(d.AsSpan())); break;
            case float[] f: stream.Write(MemoryMarshal.AsBytes(f.AsSpan())); break;
            case long[] l: stream.Write(MemoryMarshal.AsBytes(l.AsSpan())); break;
            case int[] i: stream.Write(MemoryMarshal.AsBytes(i.AsSpan())); break;
            case byte[] b: stream.Write(b); break;
            case bool[] z: stream.Write(Array.ConvertAll(z, v => v ? (byte)1 : (byte)0)); break;
            default: throw new ArgumentException($"unexpected data type {array.Data.GetType()}", nameof(array));
        }
    }

    /// <summary>
    /// Reads a dataset stored as one .npy file per sample: every file matching <paramref name="searchPattern"/> in
    /// <paramref name="directory"/>, in natural order of file names (<c>2.npy</c> before <c>10.npy</c>, see
    /// <see cref="NaturalStringComparer"/>), stacked along a new first axis. All files must share dtype and shape.
    /// </summary>
    /// <returns>An array of shape [number of files, ...sample shape].</returns>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="DataFormatException">A file is invalid, or its dtype or shape differs from the first file's.</exception>
    public static NpyArray ReadFolder(string directory, string searchPattern = "*.npy")
    {
        if (!Directory.Exists(directory))
            throw new DirectoryNotFoundException($"{directory}: no such folder");
        var files = Directory.GetFiles(directory, searchPattern)
            .OrderBy(Path.GetFileName, NaturalStringComparer.Instance)
            .ToArray();
        if (files.Length == 0)
            throw new DataFormatException(directory, -1, $"folder has no files matching {searchPattern}");

        var first = Read(files[0]);
        var result = NpyArray.Zeros(first.DType, [files.Length, .. first.Shape]);
        var sampleLength = checked((int)first.ElementCount);
        for (var i = 0; i < files.Length; i++)
        {
            var sample = i == 0 ? first : Read(files[i]);
            if (sample.DType != first.DType || !sample.Shape.SequenceEqual(first.Shape))
                throw new DataFormatException(files[i], -1,
                    $"{NpyHeader.Descr(sample.DType)} {NpyArray.FormatShape(sample.Shape)} differs from " +
                    $"{NpyHeader.Descr(first.DType)} {NpyArray.FormatShape(first.Shape)} of {Path.GetFileName(files[0])}");
            Array.Copy(sample.Data, 0, result.Data, (long)i * sampleLength, sampleLength);
        }
        return result;
    }
}

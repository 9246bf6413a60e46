namespace EquiDyn.Data;

/// <summary>
/// Reads IDX files, the format of MNIST and Fashion-MNIST: a 4-byte magic (two zero bytes, a type code, the number
/// of dimensions), one big-endian 32-bit size per dimension, then the elements. Only the unsigned-byte type (0x08)
/// is read, as used by every MNIST-family file: 0x00000801 for label files and 0x00000803 for image files.
/// Files may be gzip-compressed (<c>.gz</c>, recognised by content); errors name the file and the byte offset,
/// counted in the decompressed data.
/// </summary>
public static class Idx
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Reads an IDX file of unsigned bytes with any number of dimensions.</summary>
    /// <exception cref="DataFormatException">The file is not a well-formed unsigned-byte IDX file.</exception>
    public static IdxArray Read(string path) => Read(Open(path, null), expectedDimensions: null);

    /// <summary>Reads an MNIST image file (magic 0x00000803: count × rows × columns bytes).</summary>
    /// <exception cref="DataFormatException">The file is not a 3-dimensional unsigned-byte IDX file.</exception>
    public static IdxArray ReadImages(string path) => Read(Open(path, 3), expectedDimensions: 3);

    /// <summary>Reads an MNIST label file (magic 0x00000801: one byte per sample).</summary>
    /// <exception cref="DataFormatException">The file is not a 1-dimensional unsigned-byte IDX file.</exception>
    public static IdxArray ReadLabels(string path) => Read(Open(path, 1), expectedDimensions: 1);

    /// <summary>Opens the file reading only as many bytes as its header declares (4 + 4·dimensions + elements).</summary>
    private static ByteReader Open(string path, int? expectedDimensions) =>
        ByteReader.OpenFile(path, 4 + 4 * 255, probe =>
        {
            var shape = ReadHeader(probe, expectedDimensions);
            return probe.Position + NpyArray.ElementCountOf(shape);
        });

    private static IdxArray Read(ByteReader file, int? expectedDimensions)
    {
        var shape = ReadHeader(file, expectedDimensions);
        var count = NpyArray.ElementCountOf(shape);
        file.Require(count, $"data of shape ({string.Join(" x ", shape)}) starting at byte {file.Position}");
        var data = file.ReadBytes(checked((int)count), "data").ToArray();
        file.RequireEnd("data");
        return new IdxArray(shape, data);
    }

    private static int[] ReadHeader(ByteReader file, int? expectedDimensions)
    {
        var magic = file.ReadBytes(4, "IDX magic number");
        if (magic[0] != 0 || magic[1] != 0)
            throw file.Error(0, $"not an IDX file: magic number starts with {magic[0]:x2} {magic[1]:x2}, expected 00 00 (at byte 0)");
        if (magic[2] != UnsignedByteType)
            throw file.Error(2, $"IDX element type 0x{magic[2]:x2} is not supported, only unsigned bytes (0x08) (at byte 2)");
        int dimensions = magic[3];
        if (expectedDimensions is { } expected && dimensions != expected)
            throw file.Error(3, $"IDX magic 0x0000{magic[2]:x2}{magic[3]:x2} declares {dimensions} dimensions, " +
                                $"expected {expected} (0x000008{expected:x2}, {(expected == 1 ? "labels" : "images")}) (at byte 3)");

        var shape = new int[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            var at = file.Position;
            var size = file.ReadUInt32BigEndian($"size of dimension {d}");
            if (size > int.MaxValue)
                throw file.Error(at, $"size of dimension {d} is {size}, implausibly large (at byte {at})");
            shape[d] = (int)size;
        }
        long elements = 1;
        foreach (var size in shape)
        {
            elements *= Math.Max(size, 1);
            if (elements > MemoryBudget.MaxDataBytes)
                throw file.Error(4, $"shape ({string.Join(" x ", shape)}) declares more than {MemoryBudget.MaxDataBytes} bytes, the most EquiDyn reads into memory on this machine (at byte 4)");
        }
        return shape;
    }
}

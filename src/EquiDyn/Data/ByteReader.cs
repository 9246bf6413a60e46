using System.Buffers.Binary;
using System.Text;

namespace EquiDyn.Data;

/// <summary>
/// A cursor over the bytes of one file that turns every short read or malformed field into a
/// <see cref="DataFormatException"/> naming the file and the byte offset. Shared by the .npy and IDX readers so that
/// all binary formats report problems the same way.
/// </summary>
internal sealed class ByteReader
{
    private readonly byte[] _bytes;

    public ByteReader(byte[] bytes, string source)
    {
        _bytes = bytes;
        Source = source;
    }

    /// <summary>The name used in error messages.</summary>
    public string Source { get; }

    /// <summary>The offset of the next byte to read.</summary>
    public long Position { get; set; }

    public long Length => _bytes.Length;

    public long Remaining => _bytes.Length - Position;

    /// <summary>Throws unless <paramref name="count"/> more bytes exist; <paramref name="what"/> names the field.</summary>
    public void Require(long count, string what)
    {
        if (count > Remaining)
            throw Error(Position, $"{what} ends at byte {Position + count} but file has {Length} bytes");
    }

    public ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        Require(count, what);
        var span = new ReadOnlySpan<byte>(_bytes, (int)Position, count);
        Position += count;
        return span;
    }

    public byte ReadByte(string what) => ReadBytes(1, what)[0];

    public ushort ReadUInt16LittleEndian(string what) => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2, what));

    public uint ReadUInt32LittleEndian(string what) => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4, what));

    public uint ReadUInt32BigEndian(string what) => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4, what));

    public string ReadAscii(int count, string what) => Encoding.ASCII.GetString(ReadBytes(count, what));

    public string ReadUtf8(int count, string what) => Encoding.UTF8.GetString(ReadBytes(count, what));

    /// <summary>Throws unless the file ends exactly here: trailing bytes mean the header and the file disagree.</summary>
    public void RequireEnd(string what)
    {
        if (Remaining != 0)
            throw Error(Position, $"{what} ends at byte {Position} but file has {Length} bytes");
    }

    public DataFormatException Error(long offset, string detail) => new(Source, offset, detail);

    /// <summary>
    /// Reads a file into memory, transparently decompressing gzip (recognised by its magic bytes 1f 8b, not by the
    /// extension, so a renamed file still reads). Offsets in later errors refer to the decompressed bytes.
    /// </summary>
    /// <remarks>Bounded: the file must be a regular file (<see cref="InputFile.RequireRegular"/>); the first
    /// <paramref name="headerProbe"/> bytes are read and <paramref name="declaredLength"/> parses the header from them
    /// and returns the total length it declares. That length is checked against <see cref="MemoryBudget.MaxDataBytes"/>
    /// and against what the file can hold (its size, or 1032× its size for gzip, deflate's largest ratio) before any
    /// more is read, and only that many bytes are decompressed: 4 GiB of zeros behind a small header cost nothing.</remarks>
    public static ByteReader OpenFile(string path, int headerProbe, Func<ByteReader, long> declaredLength)
    {
        long onDisk = InputFile.RequireRegular(path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var magic = new byte[2];
        bool gzip = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        if (!gzip)
        {
            // A raw file is its own bound: read whole when it fits the budget, and the parser reports any disagreement
            // between its header and its length.
            if (onDisk > MemoryBudget.MaxDataBytes)
                throw new DataFormatException(path, 0, $"is {onDisk} bytes, more than the {MemoryBudget.MaxDataBytes} bytes EquiDyn reads into memory on this machine");
            using var whole = new MemoryStream((int)onDisk);
            InputFile.CopyCapped(file, whole, MemoryBudget.MaxDataBytes, path);
            return new ByteReader(whole.ToArray(), path);
        }
        Stream input = gzip ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress, leaveOpen: true) : file;
        try
        {
            using (input == file ? null : input)
                return Read(path, input, gzip, onDisk, headerProbe, declaredLength);
        }
        catch (InvalidDataException e) when (gzip)
        {
            throw new DataFormatException(path, -1, $"gzip data is corrupt ({e.Message})");
        }
    }

    private static ByteReader Read(string path, Stream input, bool gzip, long? onDisk, int headerProbe, Func<ByteReader, long> declaredLength)
    {
        var prefix = new byte[headerProbe];
        int got = input.ReadAtLeast(prefix, headerProbe, throwOnEndOfStream: false);
        var probe = new ByteReader(prefix.AsSpan(0, got).ToArray(), path);
        long declared = declaredLength(probe);
        probe.Position = 0;
        if (declared > MemoryBudget.MaxDataBytes)
            throw new DataFormatException(path, 0, $"its header declares {declared} bytes, more than the {MemoryBudget.MaxDataBytes} bytes EquiDyn reads into memory on this machine");
        if (gzip && onDisk is { } size && declared > size * 1032)
            throw new DataFormatException(path, 0, $"its header declares {declared} bytes but a gzip file of {size} bytes cannot hold more than {size * 1032}");
        if (got < headerProbe || declared <= got)
        {
            // The probe already holds the whole (decompressed) file, or more than the header declares (which the
            // parser reports), or exactly the declared bytes with perhaps more behind them.
            if (got == headerProbe && declared == got && input.ReadByte() >= 0)
                throw probe.Error(declared, $"trailing data: the header declares {declared} bytes but the data goes on past byte {declared}");
            return gzip ? CheckGzipEnd(probe, input, onDisk) : probe;
        }
        var all = new byte[declared];
        prefix.AsSpan(0, got).CopyTo(all);
        int read = got + input.ReadAtLeast(all.AsSpan(got), (int)(declared - got), throwOnEndOfStream: false);
        var reader = new ByteReader(read == all.Length ? all : all.AsSpan(0, read).ToArray(), path);
        if (read < all.Length) return reader; // the parser reports where the data ends short
        if (input.ReadByte() >= 0)
            throw reader.Error(declared, $"trailing data: the header declares {declared} bytes but the {(gzip ? "decompressed " : "")}data goes on past byte {declared}");
        return gzip ? CheckGzipEnd(reader, input, onDisk) : reader;
    }

    /// <summary>.NET's GZipStream silently ignores bytes after the gzip stream: compare the trailer's ISIZE (the last
    /// four bytes of a single-member gzip file, the decompressed length mod 2^32) with what was decompressed.</summary>
    private static ByteReader CheckGzipEnd(ByteReader reader, Stream gzip, long? onDisk)
    {
        if (gzip is not System.IO.Compression.GZipStream { BaseStream: FileStream file } || onDisk is not { } size || size < 4) return reader;
        if (gzip.ReadByte() >= 0)
            throw reader.Error(reader.Length, $"trailing data: the decompressed data goes on past byte {reader.Length}");
        var trailer = new byte[4];
        file.Position = size - 4;
        file.ReadExactly(trailer);
        uint isize = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (isize != (uint)reader.Length)
            throw reader.Error(reader.Length, $"the gzip trailer records {isize} bytes but {reader.Length} were decompressed: trailing data after the gzip stream, or a corrupt file");
        return reader;
    }
}

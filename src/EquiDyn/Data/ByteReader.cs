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
    public long Position { get; private set; }

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
    /// Reads a whole file into memory, transparently decompressing gzip (recognised by its magic bytes 1f 8b, not by
    /// the extension, so a renamed file still reads). Offsets in later errors refer to the decompressed bytes.
    /// </summary>
    public static ByteReader OpenFile(string path)
    {
        var raw = File.ReadAllBytes(path);
        if (raw.Length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b)
        {
            using var input = new MemoryStream(raw);
            using var gzip = new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress);
            using var output = new MemoryStream();
            try
            {
                gzip.CopyTo(output);
            }
            catch (InvalidDataException e)
            {
                throw new DataFormatException(path, output.Length,
                    $"gzip data is corrupt after {output.Length} decompressed bytes ({e.Message})");
            }
            catch (EndOfStreamException)
            {
                throw new DataFormatException(path, output.Length,
                    $"gzip data is truncated after {output.Length} decompressed bytes");
            }
            return new ByteReader(output.ToArray(), path);
        }
        return new ByteReader(raw, path);
    }
}

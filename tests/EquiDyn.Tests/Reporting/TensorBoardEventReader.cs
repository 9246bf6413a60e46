using System.Buffers.Binary;
using System.Text;

namespace EquiDyn.Tests.Reporting;

/// <summary>An independent reader of TensorBoard event files, written from the format's description rather than
/// from the writer's code: TFRecord framing (uint64 length, masked CRC-32C of the length, data, masked CRC-32C of the
/// data; CRC-32C is the Castagnoli polynomial 0x82F63B78 reflected, masked as ((crc &gt;&gt; 15 | crc &lt;&lt; 17) +
/// 0xA282EAD8)) around Event protobufs (1: wall_time double, 2: step int64, 3: file_version string, 5: summary
/// { repeated 1: value { 1: tag string, 2: simple_value float } }), decoded from the protobuf wire format by hand.</summary>
internal static class TensorBoardEventReader
{
    public sealed record Scalar(string Tag, long Step, float Value, double WallTime);

    /// <summary>The file version record and every scalar of the file; throws on a CRC mismatch or truncation.</summary>
    public static (string? FileVersion, List<Scalar> Scalars) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var scalars = new List<Scalar>();
        string? version = null;
        int at = 0;
        while (at < bytes.Length)
        {
            if (at + 12 > bytes.Length) throw new InvalidDataException($"{path}: truncated record header at {at}");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at, 8));
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4));
            if (Masked(Crc32C(bytes.AsSpan(at, 8))) != lengthCrc) throw new InvalidDataException($"{path}: length CRC mismatch at {at}");
            at += 12;
            if (at + (long)length + 4 > bytes.Length) throw new InvalidDataException($"{path}: truncated record at {at}");
            var data = bytes.AsSpan(at, (int)length);
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + (int)length, 4));
            if (Masked(Crc32C(data)) != dataCrc) throw new InvalidDataException($"{path}: data CRC mismatch at {at}");
            at += (int)length + 4;
            DecodeEvent(data.ToArray(), scalars, ref version);
        }
        return (version, scalars);
    }

    private static void DecodeEvent(byte[] e, List<Scalar> scalars, ref string? version)
    {
        double wall = 0;
        long step = 0;
        var values = new List<(string Tag, float Value)>();
        foreach (var (field, wire, value, payload) in Fields(e))
        {
            if (field == 1 && wire == 1) wall = BitConverter.Int64BitsToDouble((long)value);
            else if (field == 2 && wire == 0) step = (long)value;
            else if (field == 3 && wire == 2) version = Encoding.UTF8.GetString(payload!);
            else if (field == 5 && wire == 2)
                foreach (var (f, w, _, summaryValue) in Fields(payload!))
                    if (f == 1 && w == 2)
                    {
                        string tag = "";
                        float? simple = null;
                        foreach (var (vf, vw, vv, vp) in Fields(summaryValue!))
                        {
                            if (vf == 1 && vw == 2) tag = Encoding.UTF8.GetString(vp!);
                            else if (vf == 2 && vw == 5) simple = BitConverter.Int32BitsToSingle((int)vv);
                        }
                        if (simple is { } s) values.Add((tag, s));
                    }
        }
        foreach (var (tag, v) in values) scalars.Add(new Scalar(tag, step, v, wall));
    }

    /// <summary>The fields of a protobuf message: (number, wire type, varint/fixed value, length-delimited payload).</summary>
    private static IEnumerable<(int Field, int Wire, ulong Value, byte[]? Payload)> Fields(byte[] m)
    {
        int at = 0;
        while (at < m.Length)
        {
            ulong key = Varint(m, ref at);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: yield return (field, wire, Varint(m, ref at), null); break;
                case 1: yield return (field, wire, BinaryPrimitives.ReadUInt64LittleEndian(m.AsSpan(at, 8)), null); at += 8; break;
                case 5: yield return (field, wire, BinaryPrimitives.ReadUInt32LittleEndian(m.AsSpan(at, 4)), null); at += 4; break;
                case 2:
                    int n = (int)Varint(m, ref at);
                    yield return (field, wire, 0, m.AsSpan(at, n).ToArray());
                    at += n;
                    break;
                default: throw new InvalidDataException($"unsupported protobuf wire type {wire}");
            }
        }
    }

    private static ulong Varint(byte[] m, ref int at)
    {
        ulong result = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = m[at++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
    }

    private static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }
        return ~crc;
    }

    private static uint Masked(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
}

using System.Globalization;
using System.Text;

namespace EquiDyn.Data;

/// <summary>
/// The dictionary literal of a .npy header, e.g. <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (3, 4), }</c>,
/// parsed by a small dedicated parser (Python literal syntax restricted to what numpy writes: quoted strings,
/// True/False and tuples of integers) and formatted exactly as numpy 1.24+ formats it.
/// </summary>
internal sealed record NpyHeader(NpyDType DType, int[] Shape)
{
    /// <summary>
    /// numpy (since 1.24) leaves room after the dictionary so that a writer can grow the first axis in place:
    /// 21 characters minus the width of the first dimension. Reproducing it makes our files byte-identical.
    /// </summary>
    private const int GrowthAxisMaxDigits = 21;

    /// <summary>numpy aligns the start of the data to 64 bytes.</summary>
    public const int Alignment = 64;

    public static string Descr(NpyDType dtype) => dtype switch
    {
        NpyDType.Float64 => "<f8",
        NpyDType.Float32 => "<f4",
        NpyDType.Int64 => "<i8",
        NpyDType.Int32 => "<i4",
        NpyDType.UInt8 => "|u1",
        NpyDType.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
    };

    public static int ItemSize(NpyDType dtype) => dtype switch
    {
        NpyDType.Float64 or NpyDType.Int64 => 8,
        NpyDType.Float32 or NpyDType.Int32 => 4,
        _ => 1,
    };

    /// <summary>The dictionary text plus numpy's growth spaces, without alignment padding or the final newline.</summary>
    public string FormatDictionary()
    {
        var text = $"{{'descr': '{Descr(DType)}', 'fortran_order': False, 'shape': {NpyArray.FormatShape(Shape)}, }}";
        if (Shape.Length > 0)
            text += new string(' ', GrowthAxisMaxDigits - Shape[0].ToString(CultureInfo.InvariantCulture).Length);
        return text;
    }

    /// <summary>The complete preamble: magic, version, header length, dictionary, padding and newline.</summary>
    public byte[] ToBytes()
    {
        var dict = FormatDictionary();
        // Version 1.0 stores the header length in 2 bytes; numpy switches to 2.0 (4 bytes) only when it must.
        foreach (var (major, lengthBytes) in new[] { (1, 2), (2, 4) })
        {
            var prefix = 6 + 2 + lengthBytes;
            var unpadded = dict.Length + 1;
            var pad = Alignment - (prefix + unpadded) % Alignment;
            var headerLength = unpadded + pad;
            if (major == 1 && headerLength > ushort.MaxValue)
                continue;
            var bytes = new byte[prefix + headerLength];
            bytes[0] = 0x93; // The magic string is "\x93NUMPY"; 0x93 is a raw byte, not a UTF-8 character.
            "NUMPY"u8.CopyTo(bytes.AsSpan(1));
            bytes[6] = (byte)major;
            bytes[7] = 0;
            if (major == 1)
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
            else
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
            Encoding.ASCII.GetBytes(dict, bytes.AsSpan(prefix));
            bytes.AsSpan(prefix + dict.Length, pad).Fill((byte)' ');
            bytes[^1] = (byte)'\n';
            return bytes;
        }
        throw new InvalidOperationException("unreachable: a version 2.0 header always fits");
    }

    /// <summary>Parses the dictionary; errors carry the file offset of the offending character.</summary>
    public static NpyHeader Parse(string text, long textOffset, ByteReader file)
    {
        var p = new Parser(text, textOffset, file);
        return p.ParseHeader();
    }

    private sealed class Parser(string text, long textOffset, ByteReader file)
    {
        private int _i;

        public NpyHeader ParseHeader()
        {
            string? descr = null;
            bool? fortran = null;
            int[]? shape = null;
            SkipSpace();
            Expect('{');
            while (true)
            {
                SkipSpace();
                if (Peek() == '}')
                    break;
                var keyAt = _i;
                var key = ParseString();
                SkipSpace();
                Expect(':');
                SkipSpace();
                var valueAt = _i;
                switch (key)
                {
                    case "descr":
                        if (Peek() != '\'' && Peek() != '"')
                            throw Fail(valueAt, "header 'descr' is not a simple dtype string (structured dtypes are not supported)");
                        descr = ParseString();
                        break;
                    case "fortran_order":
                        fortran = ParseBool();
                        break;
                    case "shape":
                        shape = ParseShape();
                        break;
                    default:
                        throw Fail(keyAt, $"header has unexpected key '{key}' (expected descr, fortran_order, shape)");
                }
                SkipSpace();
                if (Peek() == ',')
                    _i++;
                else if (Peek() != '}')
                    throw Fail(_i, $"header expects ',' or '}}' but found {Describe(_i)}");
            }
            if (descr is null || fortran is null || shape is null)
                throw Fail(0, "header lacks " + string.Join(", ",
                    new[] { descr is null ? "'descr'" : null, fortran is null ? "'fortran_order'" : null, shape is null ? "'shape'" : null }
                        .Where(s => s is not null)));
            if (fortran.Value)
                throw Fail(0, "array is stored in Fortran (column-major) order, which EquiDyn does not read; " +
                              "save it with numpy.ascontiguousarray(a) first");
            return new NpyHeader(ParseDescr(descr), shape);
        }

        private NpyDType ParseDescr(string descr) => descr switch
        {
            "<f8" => NpyDType.Float64,
            "<f4" => NpyDType.Float32,
            "<i8" => NpyDType.Int64,
            "<i4" => NpyDType.Int32,
            "|u1" or "<u1" or ">u1" => NpyDType.UInt8,
            "|b1" or "<b1" or ">b1" => NpyDType.Bool,
            _ => throw Fail(0, $"dtype '{descr}' is not supported (EquiDyn reads <f8, <f4, <i8, <i4, |u1, |b1)"),
        };

        private int[] ParseShape()
        {
            Expect('(');
            var dims = new List<int>();
            while (true)
            {
                SkipSpace();
                if (Peek() == ')')
                {
                    _i++;
                    return dims.ToArray();
                }
                var start = _i;
                while (_i < text.Length && char.IsAsciiDigit(text[_i]))
                    _i++;
                if (_i == start)
                    throw Fail(start, $"header shape expects a dimension but found {Describe(start)}");
                if (!int.TryParse(text.AsSpan(start, _i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var d))
                    throw Fail(start, $"header shape dimension {text[start.._i]} is too large");
                dims.Add(d);
                if (Peek() == 'L')
                    _i++; // Python 2 wrote long integers as 3L.
                SkipSpace();
                if (Peek() == ',')
                    _i++;
                else if (Peek() != ')')
                    throw Fail(_i, $"header shape expects ',' or ')' but found {Describe(_i)}");
            }
        }

        private bool ParseBool()
        {
            if (string.CompareOrdinal(text, _i, "True", 0, 4) == 0)
            {
                _i += 4;
                return true;
            }
            if (string.CompareOrdinal(text, _i, "False", 0, 5) == 0)
            {
                _i += 5;
                return false;
            }
            throw Fail(_i, $"header expects True or False but found {Describe(_i)}");
        }

        private string ParseString()
        {
            var quote = Peek();
            if (quote != '\'' && quote != '"')
                throw Fail(_i, $"header expects a quoted string but found {Describe(_i)}");
            var start = ++_i;
            while (_i < text.Length && text[_i] != quote)
                _i++;
            if (_i >= text.Length)
                throw Fail(start - 1, "header has an unterminated string");
            return text[start.._i++];
        }

        private void Expect(char c)
        {
            if (Peek() != c)
                throw Fail(_i, $"header expects '{c}' but found {Describe(_i)}");
            _i++;
        }

        private char Peek() => _i < text.Length ? text[_i] : '\0';

        private void SkipSpace()
        {
            while (_i < text.Length && char.IsWhiteSpace(text[_i]))
                _i++;
        }

        private string Describe(int at) => at < text.Length ? $"'{text[at]}'" : "the end of the header";

        private DataFormatException Fail(int at, string detail)
        {
            var offset = textOffset + at;
            return file.Error(offset, $"{detail} (at byte {offset})");
        }
    }
}

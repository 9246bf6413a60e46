namespace EquiDyn.Data;

/// <summary>
/// Orders strings the way people number files: runs of ASCII digits compare by numeric value (<c>img2</c> before
/// <c>img10</c>), other characters ordinally. Equal numeric values with different zero padding (<c>07</c>,
/// <c>7</c>) fall back to ordinal order so the ordering stays total and deterministic.
/// </summary>
internal sealed class NaturalStringComparer : IComparer<string?>
{
    /// <summary>The single instance (the comparer is stateless).</summary>
    public static NaturalStringComparer Instance { get; } = new();

    private NaturalStringComparer()
    {
    }

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
            return 0;
        if (x is null)
            return -1;
        if (y is null)
            return 1;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int si = i, sj = j;
                while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                // Compare the digit runs as numbers without parsing (they may exceed any integer type).
                var a = x.AsSpan(si, i - si).TrimStart('0');
                var b = y.AsSpan(sj, j - sj).TrimStart('0');
                if (a.Length != b.Length)
                    return a.Length.CompareTo(b.Length);
                var c = a.SequenceCompareTo(b);
                if (c != 0)
                    return c;
            }
            else
            {
                if (x[i] != y[j])
                    return x[i].CompareTo(y[j]);
                i++;
                j++;
            }
        }
        var rest = (x.Length - i).CompareTo(y.Length - j);
        return rest != 0 ? rest : string.CompareOrdinal(x, y);
    }
}

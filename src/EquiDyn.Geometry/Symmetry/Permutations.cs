namespace EquiDyn.Symmetry;

/// <summary>Helpers on permutations stored as image arrays: <c>p[s]</c> is the image of site <c>s</c>.</summary>
/// <remarks>
/// Composition follows function composition: <c>Compose(a, b)[s] = a[b[s]]</c>, i.e. "apply b, then a". A permutation
/// acts on a vector over sites by moving values with the sites: <c>(ρ(p)x)[p[s]] = x[s]</c>, which makes ρ a
/// homomorphism, ρ(a∘b) = ρ(a)ρ(b), with ρ(p) the orthogonal permutation matrix P[p[s], s] = 1.
/// </remarks>
internal static class Permutations
{
    public static int[] Identity(int size)
    {
        var p = new int[size];
        for (int s = 0; s < size; s++) p[s] = s;
        return p;
    }

    public static int[] Compose(int[] a, int[] b)
    {
        var c = new int[b.Length];
        for (int s = 0; s < b.Length; s++) c[s] = a[b[s]];
        return c;
    }

    public static int[] Inverse(int[] p)
    {
        var q = new int[p.Length];
        for (int s = 0; s < p.Length; s++) q[p[s]] = s;
        return q;
    }

    public static bool IsIdentity(int[] p)
    {
        for (int s = 0; s < p.Length; s++)
            if (p[s] != s) return false;
        return true;
    }

    /// <summary>Null when <paramref name="p"/> is a permutation of <c>0..size-1</c>, else what is wrong with it.</summary>
    public static string? Problem(int[]? p, int size)
    {
        if (p is null) return "the image array is null";
        if (p.Length != size) return $"the image array has length {p.Length}, expected {size} (one image per site)";
        var preimage = new int[size];
        Array.Fill(preimage, -1);
        for (int s = 0; s < size; s++)
        {
            int t = p[s];
            if (t < 0 || t >= size) return $"site {s} is sent to {t}, outside 0..{size - 1}";
            if (preimage[t] >= 0) return $"sites {preimage[t]} and {s} are both sent to {t}, so it is not a bijection";
            preimage[t] = s;
        }
        return null;
    }

    /// <summary>Parity of a permutation: +1 for even, −1 for odd (counted over its cycles).</summary>
    public static int Sign(int[] p)
    {
        var seen = new bool[p.Length];
        int sign = 1;
        for (int s = 0; s < p.Length; s++)
        {
            if (seen[s]) continue;
            int length = 0;
            for (int t = s; !seen[t]; t = p[t]) { seen[t] = true; length++; }
            if (length % 2 == 0) sign = -sign;
        }
        return sign;
    }

    /// <summary>A hashable key for a permutation (its images as a string of chars; sizes fit in 16 bits here).</summary>
    public static string Key(int[] p)
    {
        return string.Create(p.Length * 2, p, static (span, perm) =>
        {
            for (int s = 0; s < perm.Length; s++)
            {
                span[2 * s] = (char)(perm[s] & 0xFFFF);
                span[2 * s + 1] = (char)(perm[s] >> 16);
            }
        });
    }

    /// <summary>Applies a word of generators (k = generator k, ~k = its inverse) as a product: the last letter acts first.</summary>
    public static int[] EvaluateWord(IReadOnlyList<int> word, IReadOnlyList<int[]> generators, IReadOnlyList<int[]> inverses, int size)
    {
        var result = Identity(size);
        for (int position = word.Count - 1; position >= 0; position--)
        {
            int letter = word[position];
            result = Compose(letter >= 0 ? generators[letter] : inverses[~letter], result);
        }
        return result;
    }
}

namespace EquiDyn.Data;

/// <summary>
/// The random number generator of every EquiDyn data generator and split: SplitMix64 (Steele, Lea and Flood 2014),
/// chosen because it is tiny, fully specified and easy to reproduce in any language, so datasets do not depend on
/// the .NET runtime's <see cref="Random"/> implementation.
/// </summary>
public sealed class DataRandom
{
    private ulong _state;

    /// <summary>Starts the sequence from <paramref name="seed"/> (the 64-bit state is the seed itself).</summary>
    public DataRandom(ulong seed) => _state = seed;

    /// <summary>The whole generator state: a checkpoint stores it, and assigning it replays the same draws (which
    /// <see cref="Random"/> cannot do — one reason this generator is written by hand).</summary>
    public ulong State
    {
        get => _state;
        set => _state = value;
    }

    /// <summary>The next 64 random bits: state += 0x9E3779B97F4A7C15, then the SplitMix64 output mix.</summary>
    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniform double in [0, 1): the top 53 bits of <see cref="NextUInt64"/> times 2⁻⁵³.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// An integer in [0, <paramref name="n"/>): the high 64 bits of the 128-bit product NextUInt64()·n (bias below
    /// n/2⁶⁴, irrelevant here).
    /// </summary>
    public int NextInt(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return (int)Math.BigMul(NextUInt64(), (ulong)n, out _);
    }

    /// <summary>Shuffles <paramref name="items"/> in place by Fisher–Yates from the last position down: for
    /// i = n − 1 … 1, swap items[i] with items[NextInt(i + 1)].</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of 0 … n − 1 (the identity, shuffled by <see cref="Shuffle{T}"/>).</summary>
    public int[] Permutation(int n)
    {
        var p = new int[n];
        for (var i = 0; i < n; i++)
            p[i] = i;
        Shuffle(p.AsSpan());
        return p;
    }
}

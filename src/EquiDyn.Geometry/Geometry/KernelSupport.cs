namespace EquiDyn.Geometry;

/// <summary>A support Ω of a 3×3 convolution kernel: which taps (r, c) may be non-zero; tap index 3r + c.</summary>
/// <remarks>
/// The paper's supports: cross {(0,1),(1,0),(1,1),(1,2),(2,1)} (rotation-invariant, so compatible with C4),
/// skew {(0,0),(0,1),(1,0),(1,2),(2,1)} (not rotation-invariant; E∩L is only the "side" orbit), and full.
/// Textual form: three rows of 0/1 separated by commas, top row first, e.g. cross = "010,111,010".
/// </remarks>
public sealed class KernelSupport
{
    private const int Side = 3;
    private readonly bool[] _mask;

    private KernelSupport(string name, bool[] mask)
    {
        Name = name;
        _mask = mask;
    }

    /// <summary>The cross {(0,1),(1,0),(1,1),(1,2),(2,1)} = "010,111,010".</summary>
    public static KernelSupport Cross { get; } = new("cross", FromPattern("010,111,010"));

    /// <summary>The skew support {(0,0),(0,1),(1,0),(1,2),(2,1)} = "110,101,010".</summary>
    public static KernelSupport Skew { get; } = new("skew", FromPattern("110,101,010"));

    /// <summary>All 9 taps = "111,111,111".</summary>
    public static KernelSupport Full { get; } = new("full", FromPattern("111,111,111"));

    /// <summary>The accepted names, for help and error messages.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "cross", "skew", "full" };

    /// <summary>Parses a name (cross, skew, full) or an explicit mask like "101,010,101".</summary>
    /// <exception cref="FormatException">When the text is neither; the message says what is accepted.</exception>
    public static KernelSupport Parse(string text) =>
        TryParse(text, out var support, out var error) ? support! : throw new FormatException(error);

    /// <summary>Parses like <see cref="Parse"/> without throwing; <paramref name="error"/> explains a failure.</summary>
    public static bool TryParse(string? text, out KernelSupport? support, out string? error)
    {
        support = null;
        error = null;
        var trimmed = (text ?? "").Trim().ToLowerInvariant();
        switch (trimmed)
        {
            case "cross": support = Cross; return true;
            case "skew": support = Skew; return true;
            case "full": support = Full; return true;
        }
        var rows = trimmed.Split(',');
        if (rows.Length != Side || rows.Any(r => r.Length != Side || r.Any(ch => ch is not ('0' or '1'))))
        {
            error = $"expected cross, skew, full or a 3×3 mask of three rows of 0/1 separated by commas (e.g. 010,111,010), got '{text}'";
            return false;
        }
        support = new KernelSupport(trimmed, FromPattern(trimmed));
        return true;
    }

    /// <summary>The name ("cross", "skew", "full") or the pattern for an explicit mask.</summary>
    public string Name { get; }

    /// <summary>The 9-entry mask in tap order 3r + c (a copy).</summary>
    public bool[] Mask => (bool[])_mask.Clone();

    /// <summary>The taps in Ω, in tap order.</summary>
    public IReadOnlyList<(int Row, int Column)> Taps =>
        Enumerable.Range(0, _mask.Length).Where(t => _mask[t]).Select(t => (t / Side, t % Side)).ToArray();

    /// <summary>The mask as "rrr,rrr,rrr".</summary>
    public string Pattern => string.Join(",", Enumerable.Range(0, Side).Select(r =>
        new string(Enumerable.Range(0, Side).Select(c => _mask[Side * r + c] ? '1' : '0').ToArray())));

    /// <summary>L = kernels supported on Ω.</summary>
    public AdmissibleSpace ToAdmissibleSpace() => AdmissibleSpace.SupportMask(_mask);

    /// <inheritdoc />
    public override string ToString() => Name == Pattern ? Pattern : $"{Name} ({Pattern})";

    private static bool[] FromPattern(string pattern) => pattern.Replace(",", "").Select(ch => ch == '1').ToArray();
}

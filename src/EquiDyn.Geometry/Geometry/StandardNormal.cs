namespace EquiDyn.Geometry;

/// <summary>Reproducible N(0, 1) samples: Box–Muller on a seeded <see cref="Random"/>.</summary>
/// <remarks>
/// With u₁ ∈ (0, 1] and u₂ ∈ [0, 1) uniform, z₁ = √(−2 ln u₁) cos 2πu₂ and z₂ = √(−2 ln u₁) sin 2πu₂ are independent
/// standard normals; both are used, in that order. The same seed gives the same sequence on every platform (.NET's
/// seeded <see cref="Random"/> is a fixed algorithm).
/// </remarks>
public sealed class StandardNormal
{
    private readonly Random _uniform;
    private double? _spare;

    /// <summary>A sampler seeded with <paramref name="seed"/>.</summary>
    public StandardNormal(int seed) => _uniform = new Random(seed);

    /// <summary>The next N(0, 1) sample.</summary>
    public double Next()
    {
        if (_spare is { } spare)
        {
            _spare = null;
            return spare;
        }
        double u1 = 1.0 - _uniform.NextDouble(); // (0, 1]: keeps the logarithm finite
        double u2 = _uniform.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = radius * Math.Sin(2 * Math.PI * u2);
        return radius * Math.Cos(2 * Math.PI * u2);
    }
}

using MathNet.Numerics.LinearAlgebra;

namespace EquiDyn.Geometry;

/// <summary>The geometry of one layer block: dimensions of H, L, E, E∩L, the projectors and the compatibility of L with E.</summary>
/// <remarks>
/// <para>
/// Exact path (orbit-averaging Π_E and a support-mask L): E∩L is spanned by the indicators of the orbits lying wholly
/// inside the support, Π_{E∩L} averages those orbits and zeroes everything else, and compatibility is decided orbit by
/// orbit (see <see cref="CompatibilityReport"/>). This holds whether or not L is compatible.
/// </para>
/// <para>
/// General path (any Π_E, e.g. <see cref="ReynoldsProjector"/>; L spanned by vectors): with Q an orthonormal basis of L,
/// E∩L = {Qc : (I−Π_E)Qc = 0}, the right null space of (I−Π_E)Q, found by a thin QR then an SVD (singular values sinθ_i of
/// the principal angles; those ≤ <see cref="IntersectionTolerance"/> count as 0). The commutator norms come from the
/// principal angles too: the commutator's singular values are sinθ_i·cosθ_i. No alternating projections are involved.
/// </para>
/// </remarks>
public sealed class LayerGeometry
{
    /// <summary>Default tolerance on ‖Π_LΠ_E − Π_EΠ_L‖₂ for calling L compatible.</summary>
    public const double DefaultTolerance = 1e-10;

    /// <summary>Principal angles with sinθ at or below this are treated as 0 (the direction lies in E∩L), general path only.</summary>
    public const double IntersectionTolerance = 1e-8;

    private LayerGeometry(LayerSpace? layer, Projector equivariant, AdmissibleSpace admissible, Projector intersection, CompatibilityReport compatibility)
    {
        Layer = layer;
        Equivariant = equivariant;
        Admissible = admissible.Projector;
        AdmissibleSpace = admissible;
        Intersection = intersection;
        Compatibility = compatibility;
    }

    /// <summary>Analyses L inside a permutation layer space (exact orbit path when L is a mask).</summary>
    public static LayerGeometry Analyze(LayerSpace layer, AdmissibleSpace admissible, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(admissible);
        RequireSameDimension(layer.Dimension, admissible);
        return admissible.MaskView is { } mask
            ? AnalyzeMask(layer, mask, admissible, tolerance)
            : AnalyzeGeneral(layer, layer.Equivariant, admissible, tolerance);
    }

    /// <summary>Analyses L against any orthogonal projection Π_E (e.g. a Reynolds projector for a sign representation).</summary>
    public static LayerGeometry Analyze(Projector equivariant, AdmissibleSpace admissible, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(equivariant);
        ArgumentNullException.ThrowIfNull(admissible);
        RequireSameDimension(equivariant.Dimension, admissible);
        return AnalyzeGeneral(null, equivariant, admissible, tolerance);
    }

    /// <summary>The layer space, when the analysis was of one.</summary>
    public LayerSpace? Layer { get; }

    /// <summary>Π_E.</summary>
    public Projector Equivariant { get; }

    /// <summary>Π_L.</summary>
    public Projector Admissible { get; }

    /// <summary>L itself.</summary>
    public AdmissibleSpace AdmissibleSpace { get; }

    /// <summary>Π_{E∩L}; equals Π_EΠ_L = Π_LΠ_E when L is compatible.</summary>
    public Projector Intersection { get; }

    /// <summary>Whether Π_LΠ_E = Π_EΠ_L, the commutator norms and the straddling orbits.</summary>
    public CompatibilityReport Compatibility { get; }

    /// <summary>dim H.</summary>
    public int AmbientDimension => Equivariant.Dimension;

    /// <summary>dim L.</summary>
    public int AdmissibleDimension => Admissible.Rank;

    /// <summary>dim E.</summary>
    public int EquivariantDimension => Equivariant.Rank;

    /// <summary>dim E∩L.</summary>
    public int IntersectionDimension => Intersection.Rank;

    private static void RequireSameDimension(int dimension, AdmissibleSpace admissible)
    {
        if (admissible.Dimension != dimension)
            throw new ArgumentException($"L lives in ℝ^{admissible.Dimension} but the layer space has dimension {dimension}.", nameof(admissible));
    }

    private static LayerGeometry AnalyzeMask(LayerSpace layer, bool[] mask, AdmissibleSpace admissible, double tolerance)
    {
        var orbits = layer.Orbits;
        var kept = new bool[orbits.Count];
        var straddling = new List<StraddlingOrbit>();
        double maxTerm = 0, sumTerms = 0;
        for (int o = 0; o < orbits.Count; o++)
        {
            var inside = orbits[o].Where(e => mask[e]).ToArray();
            kept[o] = inside.Length == orbits[o].Count;
            if (inside.Length == 0 || kept[o]) continue;
            var orbit = new StraddlingOrbit(o, orbits[o].ToArray(), inside, layer.DescribeEntry);
            straddling.Add(orbit);
            double lambda = orbit.Overlap, term = lambda * (1 - lambda);
            maxTerm = Math.Max(maxTerm, term);
            sumTerms += term;
        }
        string reason = straddling.Count == 0
            ? $"every orbit of {layer.Group.Name} lies wholly inside or wholly outside the support, so Π_E(L) ⊆ L and Π_(E∩L) = Π_EΠ_L"
            : $"{straddling.Count} orbit(s) of {layer.Group.Name} straddle the support, e.g. {straddling[0]}; averaging over such an orbit moves weight out of the support";
        var report = new CompatibilityReport(Math.Sqrt(maxTerm), Math.Sqrt(2 * sumTerms), tolerance, straddling, reason);
        return new LayerGeometry(layer, layer.Equivariant, admissible, new OrbitAveragingProjector(layer.OrbitIds, layer.OrbitSizes, kept), report);
    }

    private static LayerGeometry AnalyzeGeneral(LayerSpace? layer, Projector equivariant, AdmissibleSpace admissible, double tolerance)
    {
        int d = equivariant.Dimension;
        var q = admissible.OrthonormalBasis;
        int k = q.Count;
        if (k == 0)
        {
            var empty = new CompatibilityReport(0, 0, tolerance, Array.Empty<StraddlingOrbit>(), "L = {0} commutes with every projection");
            return new LayerGeometry(layer, equivariant, admissible, new SubspaceProjector(d, Array.Empty<double[]>()), empty);
        }

        // Principal angles θ_i between L and E: cosθ_i are the singular values of Π_EQ, sinθ_i those of (I−Π_E)Q. Each is
        // taken from the factor where it is small, so sinθ·cosθ stays accurate at both ends (a single eigen-decomposition
        // of QᵀΠ_EQ would give √(λ(1−λ)) ≈ 1e−8 from rounding alone when λ = 1).
        var pq = q.Select(equivariant.Apply).ToArray();
        var cosines = ThinSvd(d, k, (e, j) => pq[j][e]).S;
        var residualSvd = ThinSvd(d, k, (e, j) => q[j][e] - pq[j][e]);
        var sines = residualSvd.S;
        double maxTerm = 0, sumTerms = 0;
        for (int i = 0; i < k; i++)
        {
            double term = Math.Min(cosines[i], 1) * Math.Min(sines[k - 1 - i], 1);
            maxTerm = Math.Max(maxTerm, term);
            sumTerms += term * term;
        }
        double operatorNorm = maxTerm;

        // E∩L: coefficients c with (I − Π_E)Qc = 0, the right singular vectors of (I − Π_E)Q with (near) zero singular value.
        var intersection = new List<double[]>();
        for (int i = 0; i < k; i++)
        {
            if (sines[i] > IntersectionTolerance) continue;
            var c = residualSvd.VT.Row(i);
            var v = new double[d];
            for (int j = 0; j < k; j++)
            for (int e = 0; e < d; e++) v[e] += c[j] * q[j][e];
            intersection.Add(v);
        }
        var basis = VectorMath.Orthonormalize(intersection, 1e-6);

        string reason = operatorNorm <= tolerance
            ? $"Π_E maps L into L: ‖Π_LΠ_E − Π_EΠ_L‖₂ = {operatorNorm:G3} ≤ {tolerance:G3}, so Π_(E∩L) = Π_EΠ_L"
            : $"Π_E moves part of L out of L: ‖Π_LΠ_E − Π_EΠ_L‖₂ = {operatorNorm:G3} > {tolerance:G3}";
        var report = new CompatibilityReport(operatorNorm, Math.Sqrt(2 * sumTerms), tolerance, Array.Empty<StraddlingOrbit>(), reason);
        return new LayerGeometry(layer, equivariant, admissible, new SubspaceProjector(d, basis), report);
    }

    /// <summary>SVD of a d×k matrix (k ≤ d) through a thin QR, so only a k×k SVD is computed even for large d.</summary>
    private static MathNet.Numerics.LinearAlgebra.Factorization.Svd<double> ThinSvd(int d, int k, Func<int, int, double> entry)
    {
        var r = Matrix<double>.Build.Dense(d, k, entry).QR(MathNet.Numerics.LinearAlgebra.Factorization.QRMethod.Thin).R;
        return r.Svd(computeVectors: true);
    }
}

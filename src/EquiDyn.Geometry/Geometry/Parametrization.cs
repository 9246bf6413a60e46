using MathNet.Numerics.LinearAlgebra;

namespace EquiDyn.Geometry;

/// <summary>A linear parametrization M: ℝ^p → H, θ ↦ A = Mθ = Σ_j θ_j B_j, of an admissible space L = span{B_j}.</summary>
/// <remarks>
/// <para>
/// Gradient descent on θ gives Ȧ = −MM*∇R(A); <see cref="Metric"/> is MM* = Σ_j B_j B_jᵀ (d×d). The parametrization is
/// unitary when {B_j} is orthonormal (Gram matrix BᵀB = I); then MM* = Π_L and the flow is the projected flow
/// Ȧ = −Π_L∇R. E∩L is invariant under the augmented flow when MM* maps E into E, e.g. when MM* commutes with Π_E
/// (<see cref="MetricCommutesWith"/>). Counterexample (docs/concepts.md): B₁ = (1, 0), B₂ = (0.5, 1) gives MMᵀ(1, 1) =
/// (1.75, 1.5) ∉ E = span(1, 1).
/// </para>
/// <para>Vectors are entries of H in the layer space's order; θ is indexed like <see cref="Basis"/>.</para>
/// </remarks>
public sealed class Parametrization
{
    private readonly double[][] _basis;

    /// <summary>M with columns B_j = <paramref name="basis"/>[j] (all of one length d).</summary>
    /// <param name="basis">The synthesis vectors B_j.</param>
    /// <param name="unitaryTolerance">Largest entry-wise deviation of BᵀB from I still called unitary.</param>
    public Parametrization(IReadOnlyList<double[]> basis, double unitaryTolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(basis);
        if (basis.Count == 0) throw new ArgumentException("A parametrization needs at least one basis vector.", nameof(basis));
        int d = basis[0]?.Length ?? 0;
        if (d == 0) throw new ArgumentException("Basis vectors must be non-empty.", nameof(basis));
        for (int j = 0; j < basis.Count; j++)
            if (basis[j] is null || basis[j].Length != d)
                throw new ArgumentException($"Basis vector {j} has length {basis[j]?.Length ?? 0}, expected {d}.", nameof(basis));
        _basis = basis.Select(b => (double[])b.Clone()).ToArray();
        Dimension = d;
        var gram = Gram;
        double deviation = 0;
        for (int i = 0; i < ParameterCount; i++)
        for (int j = 0; j < ParameterCount; j++) deviation = Math.Max(deviation, Math.Abs(gram[i, j] - (i == j ? 1 : 0)));
        IsUnitary = deviation <= unitaryTolerance;
    }

    /// <summary>The unitary parametrization by the orthonormal basis of L (MM* = Π_L).</summary>
    public static Parametrization Orthonormal(AdmissibleSpace admissible)
    {
        ArgumentNullException.ThrowIfNull(admissible);
        if (admissible.Rank == 0) throw new ArgumentException("L = {0} has no basis to parametrize.", nameof(admissible));
        return new Parametrization(admissible.OrthonormalBasis);
    }

    /// <summary>
    /// The paper's non-unitary basis of a support: b_i = Σ_j c_ij e_j / ‖Σ_j c_ij e_j‖ over the support's entries j, with
    /// c ~ N(0, 1) drawn row by row from <see cref="StandardNormal"/>(<paramref name="seed"/>) (|Ω|×|Ω|, once per layer).
    /// </summary>
    public static Parametrization RandomNonUnitary(bool[] mask, int seed)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var support = Enumerable.Range(0, mask.Length).Where(e => mask[e]).ToArray();
        if (support.Length == 0) throw new ArgumentException("The support is empty.", nameof(mask));
        var normal = new StandardNormal(seed);
        var basis = new double[support.Length][];
        for (int i = 0; i < support.Length; i++)
        {
            var b = new double[mask.Length];
            foreach (int e in support) b[e] = normal.Next();
            double norm = VectorMath.Norm(b);
            for (int e = 0; e < b.Length; e++) b[e] /= norm;
            basis[i] = b;
        }
        return new Parametrization(basis);
    }

    /// <summary>p, the number of parameters θ_j.</summary>
    public int ParameterCount => _basis.Length;

    /// <summary>d = dim H, the length of A.</summary>
    public int Dimension { get; }

    /// <summary>The synthesis vectors B_j (copies of the internal ones are not made: do not mutate).</summary>
    public IReadOnlyList<double[]> Basis => _basis;

    /// <summary>Whether {B_j} is orthonormal, i.e. M is an isometry and MM* = Π_L.</summary>
    public bool IsUnitary { get; }

    /// <summary>The Gram matrix BᵀB (p×p), G_ij = ⟨B_i, B_j⟩.</summary>
    public double[,] Gram
    {
        get
        {
            var g = new double[ParameterCount, ParameterCount];
            for (int i = 0; i < ParameterCount; i++)
            for (int j = 0; j < ParameterCount; j++) g[i, j] = VectorMath.Dot(_basis[i], _basis[j]);
            return g;
        }
    }

    /// <summary>MM* = Σ_j B_j B_jᵀ as a dense d×d matrix (d ≤ <see cref="Projector.MaxDenseDimension"/>).</summary>
    public double[,] Metric
    {
        get
        {
            RequireSmall();
            var metric = new double[Dimension, Dimension];
            foreach (var b in _basis)
                for (int i = 0; i < Dimension; i++)
                {
                    if (b[i] == 0) continue;
                    for (int j = 0; j < Dimension; j++) metric[i, j] += b[i] * b[j];
                }
            return metric;
        }
    }

    /// <summary>A = Mθ = Σ_j θ_j B_j.</summary>
    public double[] Synthesize(IReadOnlyList<double> theta)
    {
        ArgumentNullException.ThrowIfNull(theta);
        if (theta.Count != ParameterCount) throw new ArgumentException($"Expected {ParameterCount} parameters, got {theta.Count}.", nameof(theta));
        var a = new double[Dimension];
        for (int j = 0; j < ParameterCount; j++)
            for (int e = 0; e < Dimension; e++) a[e] += theta[j] * _basis[j][e];
        return a;
    }

    /// <summary>M*a = (⟨B_j, a⟩)_j, the gradient in θ of a linear functional with gradient a in H.</summary>
    public double[] Adjoint(double[] a)
    {
        RequireLength(a);
        return _basis.Select(b => VectorMath.Dot(b, a)).ToArray();
    }

    /// <summary>MM*a, the direction the parameter-space flow moves A for a gradient a.</summary>
    public double[] ApplyMetric(double[] a) => Synthesize(Adjoint(a));

    /// <summary>Least-squares coefficients θ minimising ‖Mθ − a‖ (the code's (MᵀM)θ = Mᵀa, solved by SVD).</summary>
    public double[] Coefficients(double[] a)
    {
        RequireLength(a);
        var m = Matrix<double>.Build.Dense(Dimension, ParameterCount, (e, j) => _basis[j][e]);
        return m.Svd(computeVectors: true).Solve(Vector<double>.Build.DenseOfArray(a)).ToArray();
    }

    /// <summary>‖MM*Π − ΠMM*‖_F, by applying both products to every unit vector (cost O(d²p); d ≤ <see cref="Projector.MaxDenseDimension"/>).</summary>
    public double MetricCommutatorNorm(Projector projector)
    {
        ArgumentNullException.ThrowIfNull(projector);
        if (projector.Dimension != Dimension) throw new ArgumentException($"The projector acts on ℝ^{projector.Dimension}, the parametrization on ℝ^{Dimension}.", nameof(projector));
        RequireSmall();
        double sum = 0;
        var unit = new double[Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            unit[i] = 1;
            var metricThenProject = projector.Apply(ApplyMetric(unit));
            var projectThenMetric = ApplyMetric(projector.Apply(unit));
            unit[i] = 0;
            for (int e = 0; e < Dimension; e++)
            {
                double diff = projectThenMetric[e] - metricThenProject[e];
                sum += diff * diff;
            }
        }
        return Math.Sqrt(sum);
    }

    /// <summary>Whether MM* commutes with Π (e.g. Π_E), so that the flow maps E∩L-directions into E.</summary>
    public bool MetricCommutesWith(Projector projector, double tolerance = 1e-10) => MetricCommutatorNorm(projector) <= tolerance;

    private void RequireLength(double[] a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Length != Dimension) throw new ArgumentException($"Expected a vector of length {Dimension}, got {a.Length}.", nameof(a));
    }

    private void RequireSmall()
    {
        if (Dimension > Projector.MaxDenseDimension)
            throw new InvalidOperationException($"d = {Dimension} is above the dense limit {Projector.MaxDenseDimension}.");
    }
}

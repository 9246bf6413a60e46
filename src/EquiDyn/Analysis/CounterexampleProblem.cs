using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>The built-in counterexample of docs/stability.md: a point that is a stable (global) minimum for equivariant
/// training but a strict saddle for augmented training, with compatibility (𝓛 = H) and a unitary parametrization.</summary>
/// <remarks>
/// <para>G = Z2 swapping x1 and x2; Φ_A(x) = c·tanh(a1·x1 + a2·x2) with θ = (a1, a2, c); the hidden and output spaces carry
/// the trivial representation, so ρ̄_s(a1, a2, c) = (a2, a1, c), 𝓔 = {a1 = a2} = span{(1,1,0)/√2, (0,0,1)} and
/// 𝓔^⊥ = span{(1,−1,0)/√2}. Loss ½(p − y)², mean over the data {((2,0), 0.5), ((1,1), 2.5), ((0.5,0.5), 1.0)}.</para>
/// <para>R^aug is the exact group average: the mean of ½(Φ(g·x) − y)² over both g and all three points. The point is
/// A* = (artanh(1/√3), artanh(1/√3), √3), where c·tanh(a) = 1 and c·tanh(2a) = 1.5 fit the invariant data optimally.</para>
/// <para>Closed forms (docs/stability.md; also checked against a pure-Python implementation written outside this repository): the augmented Hessian is
/// [[7/144, 61/144, 13/36], [61/144, 7/144, 13/36], [13/36, 13/36, 11/18]], with eigenvalue −3/8 on 𝓔^⊥ and
/// (39 ± √1377)/72 ≈ 0.026278, 1.057055 on 𝓔.</para>
/// </remarks>
public static class CounterexampleProblem
{
    /// <summary>The example's name on the command line.</summary>
    public const string Name = "counterexample";

    private static readonly double[,] Inputs = { { 2.0, 0.0 }, { 1.0, 1.0 }, { 0.5, 0.5 } };
    private static readonly double[] Labels = { 0.5, 2.5, 1.0 };

    // The data as long-lived tensors (read-only, shared): building them per call would dominate the cost of the
    // thousands of risk evaluations a GD simulation makes. Rows 0–2 are the data, rows 3–5 their images under the swap.
    private static readonly Lazy<(Tensor X, Tensor Y, Tensor Orbit, Tensor OrbitY)> Data = new(() =>
    {
        var x = tensor(Inputs, dtype: ScalarType.Float64).DetachFromDisposeScope();
        var y = tensor(Labels, dtype: ScalarType.Float64).DetachFromDisposeScope();
        var orbit = cat(new[] { x, x.flip(1) }, 0).DetachFromDisposeScope(); // ρ_X(s): (x1, x2) ↦ (x2, x1)
        var orbitY = cat(new[] { y, y }, 0).DetachFromDisposeScope();
        return (x, y, orbit, orbitY);
    });

    /// <summary>A* = (artanh(1/√3), artanh(1/√3), √3).</summary>
    public static double[] Minimiser()
    {
        double a = Math.Atanh(1 / Math.Sqrt(3));
        return new[] { a, a, Math.Sqrt(3) };
    }

    /// <summary>R(θ) = (1/3)Σ_k ½(Φ_θ(x_k) − y_k)², the nominal (unaugmented) risk.</summary>
    public static Tensor NominalRisk(Tensor theta) => HalfMeanSquaredResidual(theta, Data.Value.X, Data.Value.Y);

    /// <summary>R^aug(θ) = (1/6)Σ_k Σ_{g∈Z2} ½(Φ_θ(g·x_k) − y_k)², the risk averaged over both group elements acting on
    /// the inputs (the labels are invariant).</summary>
    public static Tensor AugmentedRisk(Tensor theta) => HalfMeanSquaredResidual(theta, Data.Value.Orbit, Data.Value.OrbitY);

    /// <summary>The problem at A*, with orthonormal bases of 𝓔 and 𝓔^⊥.</summary>
    public static StabilityProblem Create()
    {
        using var scope = NewDisposeScope();
        double r = 1 / Math.Sqrt(2);
        var equivariant = Subspace.FromBasis("E∩L", tensor(new double[,] { { r, 0 }, { r, 0 }, { 0, 1 } }));
        var complement = Subspace.FromBasis("E⊥∩L", tensor(new double[,] { { r }, { -r }, { 0 } }));
        return new StabilityProblem(
            Name,
            "docs/stability.md: Z2 swaps x1,x2; Φ(x) = c·tanh(a1·x1 + a2·x2); ½ squared loss on 3 points; A* = (artanh(1/√3), artanh(1/√3), √3).",
            tensor(Minimiser(), dtype: ScalarType.Float64),
            AugmentedRisk,
            equivariant,
            complement,
            NominalRisk,
            new[] { "a1", "a2", "c" });
    }

    private static Tensor HalfMeanSquaredResidual(Tensor theta, Tensor x, Tensor y)
    {
        VectorChecks.RequireVector(theta, nameof(theta), 3);
        using var scope = NewDisposeScope();
        var residual = theta[2] * tanh(x.matmul(theta[..2])) - y;
        return (0.5 * residual.square().mean()).MoveToOuterDisposeScope();
    }
}

using EquiDyn.Analysis;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>Result of <see cref="StationaryPointCheck"/>.</summary>
/// <param name="Compatible">Whether every layer's support is compatible with E (T1(b) applies).</param>
/// <param name="InitialGradient">‖Π_{E∩L}∇R‖ at the start (the projection of the initial point onto E∩L).</param>
/// <param name="EquivariantGradient">‖Π_{E∩L}∇R(A)‖ at the refined point: how far A is from stationarity for Equi.</param>
/// <param name="AugmentedGradient">‖Π_L∇R_aug(A)‖: how far A is from stationarity for Aug.</param>
/// <param name="Discrepancy">‖Π_L∇R_aug(A) − Π_{E∩L}∇R(A)‖ = ‖(Π_LΠ_E − Π_{E∩L})∇R(A)‖.</param>
/// <param name="Iterations">L-BFGS iterations of the refinement.</param>
/// <param name="Evaluations">Risk-and-gradient evaluations of the refinement.</param>
/// <param name="Tolerance">The relative gradient the refinement had to reach (<see cref="StationaryPointCheck.StationaryTolerance"/>).</param>
public sealed record StationaryPointResult(bool Compatible, double InitialGradient, double EquivariantGradient, double AugmentedGradient,
    double Discrepancy, int Iterations, int Evaluations, double Tolerance)
{
    /// <summary>‖Π_{E∩L}∇R‖ at the refined point relative to the start.</summary>
    public double RelativeEquivariant => EquivariantGradient / InitialGradient;

    /// <summary>‖Π_L∇R_aug‖ at the refined point relative to the start's ‖Π_{E∩L}∇R‖.</summary>
    public double RelativeAugmented => AugmentedGradient / InitialGradient;

    /// <summary>Relative discrepancy ‖Π_L∇R_aug − Π_{E∩L}∇R‖ / ‖Π_L∇R_aug‖ (0 when the two coincide).</summary>
    public double RelativeDiscrepancy => AugmentedGradient > 0 ? Discrepancy / AugmentedGradient : 0;

    /// <summary>Whether the refinement reached a genuinely stationary point of the equivariant risk.</summary>
    public bool EquiStationary => RelativeEquivariant <= Tolerance;

    /// <summary>Whether the point is stationary for augmented training (relative to the same scale).</summary>
    public bool AugStationary => RelativeAugmented <= StationaryPointCheck.AugmentedStationaryBound;

    /// <summary>T1: the point is Equi-stationary, and Aug-stationary exactly when L is compatible (for the skew support
    /// the augmented gradient must be clearly non-zero: ≥ <see cref="StationaryPointCheck.NonStationaryFloor"/>).</summary>
    public bool MatchesTheory => EquiStationary && (Compatible ? AugStationary : RelativeAugmented >= StationaryPointCheck.NonStationaryFloor);
}

/// <summary>
/// docs/checks.md T1 on the user's model, at a genuinely stationary point: the equivariant risk (with a ρ̄-invariant penalty
/// that holds each layer's norm, <see cref="DefaultNormPenalty"/>) is minimised on E∩L (float64 L-BFGS, <see cref="StationaryPointRefiner"/>)
/// until ‖Π_{E∩L}∇R‖ has fallen ten orders of magnitude, and then the
/// augmented gradient Π_L∇R_aug is measured there: zero under compatibility (T1(b)), non-zero for an incompatible
/// support (T1(c)).
/// </summary>
/// <remarks>
/// For A ∈ E∩L, Π_L∇R_aug(A) = Π_LΠ_E∇R(A) (P1). Under compatibility Π_LΠ_E = Π_{E∩L}, so the augmented gradient vanishes
/// with the equivariant one; without compatibility (the skew support) Π_LΠ_E∇R keeps components outside E∩L. At a point
/// that is not stationary this only tests the identity Π_LΠ_E = Π_{E∩L}; at a stationary point it tests the statement
/// itself. The refinement uses the nominal risk R (no group action), the measurement the exactly augmented risk in the
/// ambient space H (<see cref="AmbientRisk"/>): a wrong orbit average shows as a non-zero augmented gradient.
/// </remarks>
public static class StationaryPointCheck
{
    /// <summary>The refinement's target, ‖Π_{E∩L}∇R‖ relative to the start: ten digits below it, far above float64
    /// rounding of a gradient (~1e-15 relative).</summary>
    public const double StationaryTolerance = 1e-10;

    /// <summary>‖Π_L∇R_aug‖ relative to the start up to which the point counts as Aug-stationary: 10× the refinement's
    /// target, room for the rounding of a second gradient evaluated another way (orbit batches in H).</summary>
    public const double AugmentedStationaryBound = 1e-9;

    /// <summary>‖Π_L∇R_aug‖ relative to the start from which an incompatible support counts as clearly not
    /// Aug-stationary: five orders of magnitude above <see cref="AugmentedStationaryBound"/>, so nothing in between can be
    /// mistaken for either.</summary>
    public const double NonStationaryFloor = 1e-4;

    /// <summary>Weight γ of the ρ̄-invariant penalty (γ/2)Σ_k(‖A_k‖² − c_k)², c_k = ‖A_k‖² at the start (default 1).
    /// The layer norms matter: LayerNorm makes the risk nearly invariant to each convolution's scale, and with random
    /// labels it keeps falling (L-BFGS without the penalty: gradient still 4e-3 of its start after 500 iterations) or
    /// shrinks a layer into LayerNorm's singular region (with plain weight decay). Holding every layer's norm near its
    /// start makes a stationary point exist and be reached. T1 is unchanged: the penalty depends on A only through the
    /// norms, so it is ρ̄-invariant, and its gradient 2γ(‖A_k‖² − c_k)A_k lies in E∩L at A ∈ E∩L and is the same for Equi
    /// and Aug.</summary>
    public const double DefaultNormPenalty = 1.0;

    /// <summary>The refinement's default budget: <see cref="StationaryTolerance"/>, 10 L-BFGS iterations, then at most 15
    /// damped Newton steps on the dense E∩L Hessian.</summary>
    public static RefinementOptions DefaultRefinement { get; } = new()
    {
        RelativeTolerance = StationaryTolerance, MaxIterations = 10, MaxEvaluations = 400, NewtonIterations = 15,
    };

    /// <summary>Refines from Π_{E∩L} of the network's weights to an Equi-stationary point, leaves the network there and
    /// measures both gradients.</summary>
    /// <param name="network">A network in L with a unitary parametrization (its weights are the start).</param>
    /// <param name="data">The data.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="action">The group action used for R_aug (every element; the check's subject).</param>
    /// <param name="refinement">Budget and tolerance of the refinement (default: <see cref="StationaryTolerance"/>, 200 L-BFGS iterations, then at most 10 Newton steps).</param>
    /// <param name="normPenalty">γ of the penalty (γ/2)Σ_k(‖A_k‖² − c_k)² added to both risks (<see cref="DefaultNormPenalty"/>).</param>
    public static StationaryPointResult Run(StructuredNetwork network, TensorDataset data, LossKind loss, DataGroupAction action,
        RefinementOptions? refinement = null, double normPenalty = DefaultNormPenalty)
    {
        refinement ??= DefaultRefinement;
        ExactAugmentationCheck.ProjectOntoIntersection(network);
        var coordinates = new NetworkCoordinates(network);
        var problem = NetworkStabilityProblem.Create(network, data, loss, action, new NetworkStabilityOptions { Name = "stationary-check" });
        // θ are unitary coordinates, so ‖θ_k‖ = ‖A_k‖.
        var norms = coordinates.Split(problem.Theta).Select(t => t.pow(2).sum().item<double>()).ToArray();
        Tensor Penalised(Tensor theta) => problem.NominalRisk!(theta) + coordinates.Split(theta)
            .Select((t, k) => (t.pow(2).sum() - norms[k]).pow(2)).Aggregate((p, q) => p + q) * (normPenalty / 2);
        var refined = StationaryPointRefiner.Refine(Penalised, problem.Theta, problem.Equivariant, refinement);
        using (var scope = NewDisposeScope())
            coordinates.Load(tensor(refined.Theta, dtype: ScalarType.Float64));
        var (equi, aug, discrepancy) = Measure(network, data, loss, action, normPenalty, norms);
        return new StationaryPointResult(coordinates.IsCompatible, refined.InitialGradientNorm, equi, aug, discrepancy,
            refined.Iterations, refined.Evaluations, refinement.RelativeTolerance);
    }

    /// <summary>‖Π_{E∩L}∇R‖, ‖Π_L∇R_aug‖ and their difference at the network's current point (in H, exact orbits),
    /// both risks with the penalty (γ/2)Σ_k(‖A_k‖² − c_k)² when <paramref name="norms"/> (the c_k) are given.</summary>
    public static (double Equivariant, double Augmented, double Discrepancy) Measure(StructuredNetwork network, TensorDataset data,
        LossKind loss, DataGroupAction action, double normPenalty = 0, double[]? norms = null)
    {
        var (_, g) = AmbientRisk.Evaluate(network, data, loss);
        var (_, gAug) = AmbientRisk.Evaluate(network, data, loss, action);
        using var scope = NewDisposeScope();
        using (no_grad())
            for (int k = 0; k < g.Length; k++)
            {
                if (norms is null) break;
                var a = network.Layers[k].WeightBlocks().detach().to_type(ScalarType.Float64);
                double factor = 2 * normPenalty * (a.pow(2).sum().item<double>() - norms[k]);
                g[k].add_(a, alpha: factor);
                gAug[k].add_(a, alpha: factor);
            }
        var equi = AmbientRisk.Map(network, g, geo => geo.Intersection);
        var aug = AmbientRisk.Map(network, gAug, geo => geo.Admissible);
        var result = (AmbientRisk.Norm(equi), AmbientRisk.Norm(aug), AmbientRisk.Norm(aug.Select((t, k) => t - equi[k])));
        foreach (var t in g.Concat(gAug)) t.Dispose();
        return result;
    }
}

using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>Result of <see cref="ExactAugmentationCheck"/>.</summary>
/// <param name="Risk">R(A).</param>
/// <param name="AugmentedRisk">R_aug(A).</param>
/// <param name="RiskGap">|R_aug(A) − R(A)| / max(1, |R(A)|).</param>
/// <param name="GradientGap">‖∇R_aug(A) − Π_E∇R(A)‖ / ‖∇R(A)‖.</param>
/// <param name="NominalOffE">‖Π_{E⊥}∇R(A)‖ / ‖∇R(A)‖: how far the nominal gradient points out of E (non-zero for
/// data that are not symmetric, which is what makes the identity a real test).</param>
/// <param name="Tolerance">The bound both gaps must meet.</param>
public sealed record ExactAugmentationResult(double Risk, double AugmentedRisk, double RiskGap, double GradientGap,
    double NominalOffE, double Tolerance)
{
    /// <summary>Whether R_aug = R and ∇R_aug = Π_E∇R hold to the tolerance.</summary>
    public bool Holds => RiskGap <= Tolerance && GradientGap <= Tolerance;
}

/// <summary>
/// docs/checks.md L3 and P1 on the user's own model: at A ∈ E, R_aug(A) = R(A) and ∇R_aug(A) = Π_E∇R(A).
/// </summary>
/// <remarks>The network is first projected onto E∩L (so A ∈ E), then both risks and their gradients in H are computed
/// exactly in float64 (every orbit in full).</remarks>
public static class ExactAugmentationCheck
{
    /// <summary>Float64 identities summed over thousands of terms: 1e-10 leaves room for rounding, none for an error.</summary>
    public const double DefaultTolerance = 1e-10;

    /// <summary>Runs the check at Π_{E∩L} of the network's current weights (the network is moved there).</summary>
    public static ExactAugmentationResult Run(StructuredNetwork network, TensorDataset data, LossKind loss,
        DataGroupAction action, double tolerance = DefaultTolerance)
    {
        ProjectOntoIntersection(network);
        var (r, g) = Risk.Nominal(loss).Ambient(network, data);
        var (rAug, gAug) = Risk.ExactOrbits(loss, action).Ambient(network, data);
        using var scope = NewDisposeScope();
        var pg = LayerTensors.Project(network, g, geo => geo.Equivariant);
        double gNorm = LayerTensors.Norm(g);
        double gradientGap = LayerTensors.Norm(gAug.Select((t, k) => t - pg[k])) / gNorm;
        double offE = LayerTensors.Norm(g.Select((t, k) => t - pg[k])) / gNorm;
        return new ExactAugmentationResult(r, rAug, Math.Abs(rAug - r) / Math.Max(1, Math.Abs(r)), gradientGap, offE, tolerance);
    }

    /// <summary>Moves every layer to Π_{E∩L}A_k.</summary>
    public static void ProjectOntoIntersection(StructuredNetwork network)
    {
        using var _ = no_grad();
        foreach (var layer in network.Layers)
            layer.LoadWeightBlocks(layer.Geometry.Intersection.Project(layer.WeightBlocks()));
    }
}

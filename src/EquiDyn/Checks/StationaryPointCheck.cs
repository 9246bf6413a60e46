using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>Result of <see cref="StationaryPointCheck"/>.</summary>
/// <param name="EquivariantGradient">‖Π_{E∩L}∇R(A)‖: how far A is from stationarity for Equi.</param>
/// <param name="AugmentedGradient">‖Π_L∇R_aug(A)‖: how far A is from stationarity for Aug.</param>
/// <param name="Discrepancy">‖Π_L∇R_aug(A) − Π_{E∩L}∇R(A)‖ = ‖(Π_LΠ_E − Π_{E∩L})∇R(A)‖.</param>
/// <param name="EquivariantSteps">Equi gradient steps taken to approach a stationary point.</param>
public sealed record StationaryPointResult(double EquivariantGradient, double AugmentedGradient, double Discrepancy,
    int EquivariantSteps)
{
    /// <summary>Relative discrepancy ‖Π_L∇R_aug − Π_{E∩L}∇R‖ / ‖Π_L∇R_aug‖ (0 when the two coincide).</summary>
    public double RelativeDiscrepancy => AugmentedGradient > 0 ? Discrepancy / AugmentedGradient : 0;
}

/// <summary>
/// docs/checks.md T1 on the user's model: near a stationary point of equivariant training, is the point also stationary for
/// augmented training?
/// </summary>
/// <remarks>
/// For A ∈ E∩L, Π_L∇R_aug(A) = Π_LΠ_E∇R(A) (P1). Under compatibility Π_LΠ_E = Π_{E∩L}, so the augmented gradient equals
/// the equivariant one and vanishes with it; without compatibility (e.g. the skew support) Π_LΠ_E∇R keeps components
/// outside E∩L, so the Equi-stationary point is not Aug-stationary. The check trains the network in Equi mode
/// (projected gradient descent, full batch) to approach a stationary point, then reports both gradient norms.
/// </remarks>
public static class StationaryPointCheck
{
    /// <summary>Runs <paramref name="steps"/> Equi gradient steps from Π_{E∩L} of the current weights, then measures.</summary>
    public static StationaryPointResult Run(StructuredNetwork network, TensorDataset data, LossKind loss,
        DataGroupAction action, int steps, double learningRate)
    {
        ExactAugmentationCheck.ProjectOntoIntersection(network);
        for (int s = 0; s < steps; s++)
        {
            var (_, g) = AmbientRisk.Evaluate(network, data, loss);
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            foreach (var (layer, grad) in network.Layers.Zip(g))
            {
                var a = layer.WeightBlocks() - layer.Geometry.Intersection.Project(grad).to_type(layer.Coefficients.dtype) * learningRate;
                layer.LoadWeightBlocks(a);
            }
            foreach (var t in g) t.Dispose();
        }
        return Measure(network, data, loss, action, steps);
    }

    /// <summary>Measures both gradients at the network's current point (which should lie in E∩L).</summary>
    public static StationaryPointResult Measure(StructuredNetwork network, TensorDataset data, LossKind loss,
        DataGroupAction action, int stepsTaken = 0)
    {
        var (_, g) = AmbientRisk.Evaluate(network, data, loss);
        var (_, gAug) = AmbientRisk.Evaluate(network, data, loss, action);
        using var scope = NewDisposeScope();
        var equi = AmbientRisk.Map(network, g, geo => geo.Intersection);
        var aug = AmbientRisk.Map(network, gAug, geo => geo.Admissible);
        return new StationaryPointResult(AmbientRisk.Norm(equi), AmbientRisk.Norm(aug),
            AmbientRisk.Norm(aug.Select((t, k) => t - equi[k])), stepsTaken);
    }
}

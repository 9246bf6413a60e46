using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>One arm of <see cref="InvarianceCheck"/>: a network in L (holding the common starting point of E∩L) and
/// the strategy it is trained with.</summary>
/// <param name="Name">Arm name for reports ("cross", "skew", "cross-nonunitary", "nominal", …).</param>
/// <param name="Network">The network, already at the starting point.</param>
/// <param name="Strategy">Usually exact augmentation; nominal for the control arm.</param>
/// <param name="TheoryPredictsInvariance">Whether T2's hypotheses hold (compatible L, unitary parametrization, exact
/// augmentation) so that the run must stay in E∩L.</param>
public sealed record InvarianceArm(string Name, StructuredNetwork Network, TrainingStrategy Strategy, bool TheoryPredictsInvariance);

/// <summary>Per-arm outcome of <see cref="InvarianceCheck"/>.</summary>
/// <param name="Name">Arm name.</param>
/// <param name="Strategy">Strategy name.</param>
/// <param name="TheoryPredictsInvariance">Whether T2 applies to the arm.</param>
/// <param name="RelativeDistance">‖A − Π_{E∩L}A‖/‖A‖ after every step.</param>
/// <param name="DistanceToEquivariantTrajectory">max_t ‖A(t) − A_Equi(t)‖ / ‖A_Equi(t)‖ (NaN when not compared).</param>
/// <param name="Tolerance">The relative distance below which the arm counts as having stayed in E∩L.</param>
public sealed record InvarianceArmResult(string Name, string Strategy, bool TheoryPredictsInvariance, double[] RelativeDistance,
    double DistanceToEquivariantTrajectory, double Tolerance)
{
    /// <summary>Relative distance after the last step.</summary>
    public double Final => RelativeDistance[^1];

    /// <summary>Whether the arm stayed in E∩L to the tolerance.</summary>
    public bool Stayed => Final <= Tolerance;

    /// <summary>How the run relates to E∩L: stayed; left at once (a vector field pointing off E∩L: a bias, as with an
    /// incompatible support, a non-unitary basis or nominal training); or left only after starting at rounding level
    /// (the field is tangent, as T2 says, but an unstable E^⊥ direction amplifies rounding errors geometrically).</summary>
    public InvarianceOutcome Outcome =>
        Stayed ? InvarianceOutcome.Stayed
        : RelativeDistance[0] >= 100 * Tolerance ? InvarianceOutcome.LeftAtOnce
        : RelativeDistance[0] <= Tolerance ? InvarianceOutcome.RoundingAmplified
        : InvarianceOutcome.LeftSlowly;

    /// <summary>Whether the outcome is the one the theory predicts: when T2 applies, the first step stays at rounding
    /// level (and so does the whole run unless E∩L is unstable); when it does not, the run leaves E∩L at once.</summary>
    public bool MatchesTheory => TheoryPredictsInvariance
        ? Outcome is InvarianceOutcome.Stayed or InvarianceOutcome.RoundingAmplified
        : Outcome == InvarianceOutcome.LeftAtOnce;
}

/// <summary>How an <see cref="InvarianceCheck"/> arm relates to E∩L.</summary>
public enum InvarianceOutcome
{
    /// <summary>Within the tolerance at every step up to the last.</summary>
    Stayed,
    /// <summary>≥ 100× the tolerance after the first step: the flow's vector field points off E∩L.</summary>
    LeftAtOnce,
    /// <summary>At rounding level after the first step, above the tolerance at the end: rounding amplified by an
    /// unstable direction off E∩L (docs/stability.md).</summary>
    RoundingAmplified,
    /// <summary>Above the tolerance after the first step but below 100× it: inconclusive; take a larger step or more steps.</summary>
    LeftSlowly,
}

/// <summary>
/// docs/checks.md T2 on the user's model: full-batch gradient descent with exact orbit averaging from a point of E∩L stays in
/// E∩L when L is compatible and the parametrization unitary — and then coincides with equivariant training — while an
/// incompatible support, a non-unitary basis or nominal training leave E∩L.
/// </summary>
public static class InvarianceCheck
{
    /// <summary>Float64 rounding accumulated over a few hundred steps stays near 1e-15 per step; 1e-10 separates that
    /// from a genuine drift, which grows geometrically from the first step.</summary>
    public const double DefaultTolerance = 1e-10;

    /// <summary>Trains every arm (and the equivariant reference, step by step alongside) and reports the distances.</summary>
    public static IReadOnlyList<InvarianceArmResult> Run(IReadOnlyList<InvarianceArm> arms, StructuredNetwork equivariantReference,
        TensorDataset data, LossKind loss, DataGroupAction action, double learningRate, int steps,
        double tolerance = DefaultTolerance, Action<string>? log = null)
    {
        var options = new TrainingOptions(learningRate, (int)data.Count, Protocol.FullBatch, Shuffle: false, Seed: 0);
        var referenceTrainer = new Trainer(equivariantReference, new TrainingStrategy(StrategyKind.Equivariant), loss, options);
        var reference = new List<Tensor[]>();
        for (int s = 0; s < steps; s++)
        {
            referenceTrainer.RunEpoch(data, _ => { });
            reference.Add(LayerTelemetry.Snapshot(equivariantReference));
        }
        var results = new List<InvarianceArmResult>();
        foreach (var arm in arms)
        {
            var trainer = new Trainer(arm.Network, arm.Strategy, loss, options, action);
            var distances = new double[steps];
            double worstGap = 0;
            for (int s = 0; s < steps; s++)
            {
                trainer.RunEpoch(data, record => distances[s] = record.TotalRelativeDistance);
                using var scope = NewDisposeScope();
                var now = LayerTelemetry.Snapshot(arm.Network);
                double gap = AmbientRisk.Norm(now.Select((t, k) => t - reference[s][k])) / AmbientRisk.Norm(reference[s]);
                worstGap = Math.Max(worstGap, gap);
                foreach (var t in now) t.Dispose();
            }
            var result = new InvarianceArmResult(arm.Name, arm.Strategy.Name, arm.TheoryPredictsInvariance, distances, worstGap, tolerance);
            log?.Invoke($"{arm.Name}: relative distance to E∩L after {steps} steps {result.Final:E3}");
            results.Add(result);
        }
        foreach (var snapshot in reference)
        foreach (var t in snapshot) t.Dispose();
        return results;
    }
}

using EquiDyn.Ensembles;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>One arm of <see cref="OrbitEnsembleCheck"/>: the members' architecture, their strategy, and whether the
/// theory's hypotheses are declared to hold (L invariant, unitary parametrization, exact augmentation).</summary>
/// <param name="Name">Arm name.</param>
/// <param name="Build">A new network of the arm (zero weights).</param>
/// <param name="Strategy">Exact augmentation, or nominal for the control.</param>
/// <param name="TheoryPredictsExact">Whether the mean of the orbit ensemble must be invariant at every step.</param>
public sealed record OrbitEnsembleArm(string Name, Func<StructuredNetwork> Build, TrainingStrategy Strategy, bool TheoryPredictsExact);

/// <summary>Outcome of one <see cref="OrbitEnsembleArm"/>.</summary>
/// <param name="Name">Arm name.</param>
/// <param name="TheoryPredictsExact">Whether the theory predicts an exactly invariant mean.</param>
/// <param name="MeanError">The relative invariance error of the ensemble mean at step 0 (the start) and after every step.</param>
/// <param name="MemberError">A member's own relative invariance error (mean over the members) at the end.</param>
/// <param name="Tolerance">Exact: every error at most this; not exact: ≥ 100× this after the first step.</param>
public sealed record OrbitEnsembleResult(string Name, bool TheoryPredictsExact, double[] MeanError, double MemberError, double Tolerance)
{
    /// <summary>Whether the mean was invariant to the tolerance at every step.</summary>
    public bool Exact => MeanError.All(e => e <= Tolerance);

    /// <summary>Whether the measurement agrees with the prediction.</summary>
    public bool MatchesTheory => TheoryPredictsExact ? Exact : MeanError.Skip(1).All(e => e >= 100 * Tolerance);
}

/// <summary>
/// The ensemble theorem on the user's model (docs/concepts.md, "Ensembles"): with an invariant L, a unitary
/// parametrization and exact augmentation, the flow commutes with ρ̄_g, so the orbit {ρ̄_g A⁰ : g ∈ G} of one start stays
/// an orbit and the ensemble's mean output is invariant at every step — although no member is. A non-invariant support
/// (the orbit leaves L), a non-unitary basis or nominal training break it from the first step.
/// </summary>
public static class OrbitEnsembleCheck
{
    /// <summary>Float64 rounding of the members' outputs stays near 1e-16 relative; 1e-10 leaves room for a few hundred steps.</summary>
    public const double DefaultTolerance = 1e-10;

    /// <summary>Steps of <c>equidyn check ensemble</c>.</summary>
    public const int CheckSteps = 10;

    /// <summary>Learning rate of <c>equidyn check ensemble</c>.</summary>
    public const double CheckLearningRate = 0.02;

    /// <summary>Trains one orbit ensemble (|G| members) per arm for <paramref name="steps"/> full-batch steps and measures
    /// the invariance of the mean on the orbits of <paramref name="test"/>.</summary>
    public static IReadOnlyList<OrbitEnsembleResult> Run(IReadOnlyList<OrbitEnsembleArm> arms, NetworkGroupAction layerAction,
        TensorDataset train, TensorDataset test, LossKind loss, DataGroupAction action, double learningRate, int steps, long seed,
        double tolerance = DefaultTolerance, Action<string>? log = null)
    {
        var results = new List<OrbitEnsembleResult>();
        foreach (var arm in arms)
        {
            using var scope = NewDisposeScope();
            using var ensemble = new Ensemble(arm.Build, layerAction.Order, EnsembleInitialisation.Orbit, seed, layerAction, arm.Strategy, loss,
                learningRate, OptimizerSettings.Sgd, (int)train.Count, action);
            var (inputs, _) = action.Orbit(test.Inputs, test.Targets);
            int order = layerAction.Order, t = (int)test.Count;
            var errors = new double[steps + 1];
            IReadOnlyList<double[]> outputs = ensemble.Outputs(inputs);
            int classes = outputs[0].Length / (order * t);
            errors[0] = EnsembleMetrics.MeanError(outputs, order, t, classes);
            for (int s = 1; s <= steps; s++)
            {
                ensemble.Step(train);
                outputs = ensemble.Outputs(inputs);
                errors[s] = EnsembleMetrics.MeanError(outputs, order, t, classes);
            }
            double member = outputs.Average(y => EnsembleMetrics.MemberError(y, order, t, classes));
            var result = new OrbitEnsembleResult(arm.Name, arm.TheoryPredictsExact, errors, member, tolerance);
            log?.Invoke($"{arm.Name}: invariance error of the orbit ensemble's mean after {steps} steps {errors[^1]:E2} (a member's own {member:E2})");
            results.Add(result);
        }
        return results;
    }

    /// <summary><c>equidyn check ensemble</c> on <see cref="SmallConvNetCase"/>: orbit ensembles trained with exact
    /// augmentation on the cross support (tap and rotated unitary bases: exact), the cross with the non-unitary basis, the
    /// skew support, and the cross trained nominally (not exact).</summary>
    public static IReadOnlyList<OrbitEnsembleResult> Suite(long seed, int steps, double learningRate, Action<string>? log = null)
    {
        var train = SmallConvNetCase.Data(seed: seed);
        var test = SmallConvNetCase.Data(count: 8, seed: seed + 1);
        var aug = new TrainingStrategy(StrategyKind.AugmentedExact);
        var arms = new[]
        {
            new OrbitEnsembleArm("cross", () => SmallConvNetCase.Network(KernelSupport.Cross), aug, true),
            new OrbitEnsembleArm("cross-rotated", () => SmallConvNetCase.Network(KernelSupport.Cross, KernelBasisKind.UnitaryRotated), aug, true),
            new OrbitEnsembleArm("cross-nonunitary", () => SmallConvNetCase.Network(KernelSupport.Cross, KernelBasisKind.NonUnitary), aug, false),
            new OrbitEnsembleArm("skew", () => SmallConvNetCase.Network(KernelSupport.Skew), aug, false),
            new OrbitEnsembleArm("cross-nominal", () => SmallConvNetCase.Network(KernelSupport.Cross), new TrainingStrategy(StrategyKind.Nominal), false),
        };
        return Run(arms, NetworkGroupAction.ForRotationConvNet(SmallConvNetCase.ImageSize), train, test, LossKind.MseOneHot,
            SmallConvNetCase.Rotations, learningRate, steps, seed, log: log);
    }
}

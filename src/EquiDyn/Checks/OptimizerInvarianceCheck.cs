using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>
/// What the theory predicts for an update rule under exact-orbit augmentation from a point of E∩L (docs/concepts.md,
/// "Which optimizers keep E∩L invariant").
/// </summary>
/// <remarks>
/// The flow stays in E∩L when the update map commutes with the group's action on the coordinates θ. Three conditions:
/// (1) L is invariant under the group (a compatible support), so the group acts on L at all; (2) the parametrization is
/// unitary, so the action on θ, T_g = M*ρ̄_gM, is orthogonal and the θ-gradient of the invariant R_aug transforms
/// like θ (T_g∇ = ∇∘T_g); (3) the update commutes with every T_g: any rule linear in (gradient, weights, buffers) with
/// one coefficient for all coordinates does (SGD, momentum, Nesterov, L2 or decoupled weight decay); Adam's
/// coordinate-wise m/(√v + ε) commutes only with T_g that permute coordinates (up to sign) — the tap basis, not a
/// rotated one. Without (1) or (2) even SGD leaves E∩L.
/// </remarks>
public static class OptimizerInvarianceTheory
{
    /// <summary>Whether a run from E∩L must stay there (in exact arithmetic).</summary>
    /// <param name="supportInvariant">L is invariant under the group (for a support: compatible).</param>
    /// <param name="basis">The parametrization of the kernels (the head is always its tap basis).</param>
    /// <param name="optimizer">The update rule.</param>
    public static bool Predicts(bool supportInvariant, KernelBasisKind basis, OptimizerSettings optimizer) =>
        supportInvariant && basis != KernelBasisKind.NonUnitary
        && (optimizer.IsCoordinateFree || basis == KernelBasisKind.Unitary);

    /// <summary>The reason for <see cref="Predicts"/>, in a few words.</summary>
    public static string Reason(bool supportInvariant, KernelBasisKind basis, OptimizerSettings optimizer) =>
        !supportInvariant ? "L not invariant"
        : basis == KernelBasisKind.NonUnitary ? "non-unitary: MM* ≠ Π_L"
        : optimizer.IsCoordinateFree ? "linear with one coefficient"
        : basis == KernelBasisKind.Unitary ? "C4 permutes the coordinates"
        : "per-coordinate scaling vs rotated coordinates";

    /// <summary>The short name of a basis kind in tables: tap, rotated, non-unitary.</summary>
    public static string BasisName(KernelBasisKind basis) => basis switch
    {
        KernelBasisKind.Unitary => "tap",
        KernelBasisKind.UnitaryRotated => "rotated",
        _ => "non-unitary",
    };
}

/// <summary>One cell of <see cref="OptimizerInvarianceCheck"/>: a network in L at a point of E∩L, what it is declared to
/// be (support invariance and basis: the hypotheses of the prediction) and the update rule it is trained with.</summary>
/// <param name="Support">Support name.</param>
/// <param name="SupportInvariant">Whether L is declared invariant (compatible).</param>
/// <param name="Basis">The declared parametrization of the kernels.</param>
/// <param name="OptimizerName">Short name of the update rule (sgd, momentum, adam, …).</param>
/// <param name="Optimizer">The update rule.</param>
/// <param name="Network">The network, already at the starting point.</param>
public sealed record OptimizerCell(string Support, bool SupportInvariant, KernelBasisKind Basis, string OptimizerName,
    OptimizerSettings Optimizer, StructuredNetwork Network)
{
    /// <summary>The theory's prediction from the declared hypotheses.</summary>
    public bool PredictsInvariance => OptimizerInvarianceTheory.Predicts(SupportInvariant, Basis, Optimizer);
}

/// <summary>The outcome of one <see cref="OptimizerCell"/>.</summary>
/// <param name="Support">Support name.</param>
/// <param name="Basis">Basis name (tap, rotated, non-unitary).</param>
/// <param name="Optimizer">Update rule name.</param>
/// <param name="Predicted">Whether the theory predicts that the run stays in E∩L.</param>
/// <param name="Reason">Why, in a few words.</param>
/// <param name="RelativeDistance">‖A − Π_{E∩L}A‖/‖A‖ after every step.</param>
/// <param name="Tolerance">Stays: the final distance is at most this; leaves: at least 100× this.</param>
public sealed record OptimizerCellResult(string Support, string Basis, string Optimizer, bool Predicted, string Reason,
    double[] RelativeDistance, double Tolerance)
{
    /// <summary>Relative distance after the last step.</summary>
    public double Final => RelativeDistance[^1];

    /// <summary>Whether the run stayed in E∩L to the tolerance.</summary>
    public bool Stayed => RelativeDistance.All(d => d <= Tolerance);

    /// <summary>Whether the run clearly left E∩L (≥ 100× the tolerance at the end).</summary>
    public bool Left => Final >= 100 * Tolerance;

    /// <summary>Leading steps whose distance is within the tolerance.</summary>
    public int StepsWithinTolerance => RelativeDistance.TakeWhile(d => d <= Tolerance).Count();

    /// <summary>At rounding level for the first steps, then above the tolerance: the update keeps E∩L invariant, as
    /// predicted, but an unstable direction off E∩L amplifies the rounding error geometrically (for Adam: its effective
    /// step η/√v̂ grows as the gradients shrink). Consistent with the prediction, not a confirmation of it after that step.</summary>
    public bool RoundingAmplified => !Stayed && StepsWithinTolerance >= Math.Min(2, RelativeDistance.Length);

    /// <summary>Whether the measurement is the predicted one (for a predicted invariance, rounding amplified by an
    /// instability counts: exact arithmetic would have stayed).</summary>
    public bool MatchesTheory => Predicted ? Stayed || RoundingAmplified : Left;

    /// <summary>"stays", "leaves", "rounding amplified", or a disagreement spelled out.</summary>
    public string Verdict => MatchesTheory
        ? Predicted ? Stayed ? "stays, as predicted" : $"stays to step {StepsWithinTolerance} then rounding amplified (unstable)" : "leaves, as predicted"
        : Predicted ? "LEAVES (predicted: stays)" : Stayed ? "STAYS (predicted: leaves)" : "INCONCLUSIVE (between the bounds)";
}

/// <summary>
/// Which update rules keep E∩L invariant: full-batch training with exact orbit averaging from a point of E∩L, for
/// every cell (support × basis × optimizer), against <see cref="OptimizerInvarianceTheory"/> (docs/checks.md).
/// </summary>
public static class OptimizerInvarianceCheck
{
    /// <summary>Float64 rounding over a few hundred steps stays near 1e-15; 1e-10 separates that from a genuine drift.</summary>
    public const double DefaultTolerance = 1e-10;

    /// <summary>Steps of <c>equidyn check optimizers</c>.</summary>
    public const int CheckSteps = 20;

    /// <summary>Learning rate of <c>equidyn check optimizers</c> (every rule; 1e-3 is Adam's usual rate and a stable SGD step here).</summary>
    public const double CheckLearningRate = 1e-3;

    /// <summary>Trains every cell for <paramref name="steps"/> full-batch steps of rate <paramref name="learningRate"/>.</summary>
    public static IReadOnlyList<OptimizerCellResult> Run(IEnumerable<OptimizerCell> cells, TensorDataset data, LossKind loss,
        DataGroupAction action, double learningRate, int steps, double tolerance = DefaultTolerance, Action<string>? log = null)
    {
        var results = new List<OptimizerCellResult>();
        foreach (var cell in cells)
        {
            var distances = Train(cell, data, loss, action, learningRate, steps);
            var result = new OptimizerCellResult(cell.Support, OptimizerInvarianceTheory.BasisName(cell.Basis), cell.OptimizerName,
                cell.PredictsInvariance, OptimizerInvarianceTheory.Reason(cell.SupportInvariant, cell.Basis, cell.Optimizer), distances, tolerance);
            log?.Invoke($"{cell.Support}/{result.Basis}/{cell.OptimizerName}: relative distance to E∩L after {steps} steps {result.Final:E2} ({result.Verdict})");
            results.Add(result);
        }
        return results;
    }

    /// <summary>The relative distance to E∩L after each of <paramref name="steps"/> full-batch exact-orbit steps.</summary>
    public static double[] Train(OptimizerCell cell, TensorDataset data, LossKind loss, DataGroupAction action, double learningRate, int steps)
    {
        var options = new TrainingOptions(learningRate, (int)data.Count, Protocol.FullBatch, Shuffle: false, Seed: 0) { Optimizer = cell.Optimizer };
        var trainer = new Trainer(cell.Network, new TrainingStrategy(StrategyKind.AugmentedExact), loss, options, action);
        var distances = new double[steps];
        for (int s = 0; s < steps; s++)
            trainer.RunEpoch(data, record => distances[s] = record.TotalRelativeDistance);
        return distances;
    }

    /// <summary>The update rules of the check and of the <c>optimizers</c> preset: SGD with and without weight decay,
    /// heavy-ball and Nesterov momentum, Adam and AdamW (λ = 0.01 where there is weight decay).</summary>
    public static IReadOnlyList<(string Name, OptimizerSettings Settings)> StandardOptimizers { get; } = new (string, OptimizerSettings)[]
    {
        ("sgd", OptimizerSettings.Sgd),
        ("sgd-wd", new OptimizerSettings(WeightDecay: 0.01)),
        ("momentum", new OptimizerSettings(OptimizerKind.Momentum)),
        ("nesterov", new OptimizerSettings(OptimizerKind.Momentum, Nesterov: true)),
        ("adam", new OptimizerSettings(OptimizerKind.Adam)),
        ("adamw", new OptimizerSettings(OptimizerKind.AdamW, WeightDecay: 0.01)),
    };

    /// <summary>The kernel parametrizations compared: tap, rotated unitary, non-unitary.</summary>
    public static IReadOnlyList<KernelBasisKind> Bases { get; } = new[] { KernelBasisKind.Unitary, KernelBasisKind.UnitaryRotated, KernelBasisKind.NonUnitary };

    /// <summary>The rows of <c>equidyn check optimizers</c>: the three bases on the cross, and the tap basis on the skew (the
    /// other skew rows leave E∩L for the same reason; the <c>optimizers</c> preset measures them all).</summary>
    public static IReadOnlyList<(KernelSupport Support, KernelBasisKind Basis)> CheckRows { get; } = new[]
    {
        (KernelSupport.Cross, KernelBasisKind.Unitary), (KernelSupport.Cross, KernelBasisKind.UnitaryRotated),
        (KernelSupport.Cross, KernelBasisKind.NonUnitary), (KernelSupport.Skew, KernelBasisKind.Unitary),
    };

    /// <summary>The update rules of <c>equidyn check optimizers</c>: one of each kind (heavy-ball momentum behaves like
    /// Nesterov's, and both like SGD).</summary>
    public static IReadOnlyList<string> CheckOptimizers { get; } = new[] { "sgd", "sgd-wd", "nesterov", "adam", "adamw" };

    /// <summary>The check of <c>equidyn check optimizers</c> on <see cref="SmallConvNetCase"/>: <see cref="CheckOptimizers"/>
    /// × <see cref="CheckRows"/>, all from one point of E∩L (projected onto each support's E∩L).</summary>
    public static IReadOnlyList<OptimizerCellResult> Suite(long seed, int steps, double learningRate, Action<string>? log = null)
    {
        var data = SmallConvNetCase.Data(seed: seed);
        var reference = SmallConvNetCase.Equivariant(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(reference, seed);
        var results = new List<OptimizerCellResult>();
        foreach (var (support, basis) in CheckRows)
        foreach (var (name, settings) in StandardOptimizers.Where(o => CheckOptimizers.Contains(o.Name)))
        {
            using var scope = NewDisposeScope();
            var net = SmallConvNetCase.Network(support, basis);
            net.LoadWeightsFrom(reference);
            ExactAugmentationCheck.ProjectOntoIntersection(net);
            var cell = new OptimizerCell(support.Name, net.Layers[0].Geometry.IsCompatible, basis, name, settings, net);
            results.AddRange(Run(new[] { cell }, data, LossKind.MseOneHot, SmallConvNetCase.Rotations, learningRate, steps, log: log));
        }
        return results;
    }
}

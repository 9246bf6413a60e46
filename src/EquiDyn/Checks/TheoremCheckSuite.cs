using EquiDyn.Analysis;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>The paper's results run on <see cref="SmallConvNetCase"/>: what <c>equidyn check</c> prints.</summary>
public static class TheoremCheckSuite
{
    /// <summary>The names of the checks, in the order <c>all</c> runs them.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "augmentation", "stationary", "sampling", "invariance", "optimizers", "ensemble" };

    /// <summary>(a) L3/P1 for the cross, skew and full supports.</summary>
    public static IReadOnlyList<(string Support, ExactAugmentationResult Result)> Augmentation(long seed)
    {
        var data = SmallConvNetCase.Data(seed: seed);
        return KernelSupport.Names.Select(name =>
        {
            using var scope = NewDisposeScope();
            var net = SmallConvNetCase.Network(KernelSupport.Parse(name));
            NetworkInitializer.ProjectedGaussian(net, seed);
            return (name, ExactAugmentationCheck.Run(net, data, LossKind.MseOneHot, SmallConvNetCase.Rotations));
        }).ToList();
    }

    /// <summary>(b) T1 for the cross (compatible) and skew (incompatible) supports at a genuinely stationary point of
    /// the equivariant risk, reached by <see cref="StationaryPointCheck"/>'s float64 refinement.</summary>
    public static IReadOnlyList<(string Support, StationaryPointResult Result)> Stationary(long seed, Action<string>? log = null) =>
        new[] { KernelSupport.Cross, KernelSupport.Skew }.Select(support => (support.Name, StationaryFor(support, seed, log: log))).ToList();

    /// <summary>T1 for one support: the teacher–student case of <see cref="SmallConvNetCase.TeacherData"/> (the start is
    /// the teacher, a point of E∩L, so the minimum is O(noise) away), refined and measured with <paramref name="action"/>
    /// (default: the four rotations) under <paramref name="refinement"/> (default: <see cref="StationaryPointCheck.DefaultRefinement"/>).</summary>
    public static StationaryPointResult StationaryFor(KernelSupport support, long seed, DataGroupAction? action = null,
        RefinementOptions? refinement = null, Action<string>? log = null)
    {
        using var scope = NewDisposeScope();
        var net = SmallConvNetCase.Network(support);
        NetworkInitializer.ProjectedGaussian(net, seed);
        ExactAugmentationCheck.ProjectOntoIntersection(net);
        var data = SmallConvNetCase.TeacherData(net, seed);
        refinement = (refinement ?? StationaryPointCheck.DefaultRefinement) with
        {
            Progress = p => log?.Invoke($"{support.Name}: iteration {p.Iteration}, R {p.Risk:G10}, ‖Π(E∩L)∇R‖ relative {p.RelativeGradient:E2}, {p.Evaluations} evaluations"),
        };
        var result = StationaryPointCheck.Run(net, data, LossKind.Mse, action ?? SmallConvNetCase.Rotations, refinement);
        log?.Invoke($"{support.Name}: refined for {result.Iterations} iterations (L-BFGS, then Newton), ‖Π(E∩L)∇R‖ {result.InitialGradient:E2} → {result.EquivariantGradient:E2}");
        return result;
    }

    /// <summary>(c) Sampled augmentation, per batch, per sample and through the rotated-copy dataset, against exact
    /// augmentation at a point of E∩L of the cross network (<see cref="SampledAugmentationCheck"/>).</summary>
    public static IReadOnlyList<SamplingCheckResult> Sampling(long seed, int draws, Action<string>? log = null)
    {
        var data = SmallConvNetCase.Data(seed: seed);
        return Enum.GetValues<SamplingPath>().Select(path =>
        {
            using var scope = NewDisposeScope();
            var net = SmallConvNetCase.Network(KernelSupport.Cross);
            NetworkInitializer.ProjectedGaussian(net, seed);
            var result = SampledAugmentationCheck.Run(path, net, data, LossKind.MseOneHot, SmallConvNetCase.Rotations,
                new SamplingCheckOptions { Draws = draws, Seed = (ulong)seed });
            log?.Invoke($"{path}: {draws} sampled gradients, error {result.Errors[^1]:E2} (bound {result.Thresholds[^1]:E2})");
            return result;
        }).ToList();
    }

    /// <summary>(d) T2: exact-orbit full-batch GD from one point of E∩L for cross (unitary), skew, cross with the
    /// non-unitary basis, and nominal training; with the equivariant trajectory as reference.</summary>
    public static IReadOnlyList<InvarianceArmResult> Invariance(long seed, int steps, double learningRate, Action<string>? log = null)
    {
        var data = SmallConvNetCase.Data(seed: seed);
        var reference = SmallConvNetCase.Equivariant(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(reference, seed);
        StructuredNetwork Start(StructuredNetwork net)
        {
            net.LoadWeightsFrom(reference);
            ExactAugmentationCheck.ProjectOntoIntersection(net); // the skew E∩L keeps only the "side" part of the start
            return net;
        }
        var aug = new TrainingStrategy(StrategyKind.AugmentedExact);
        var arms = new[]
        {
            new InvarianceArm("cross", Start(SmallConvNetCase.Network(KernelSupport.Cross)), aug, true),
            new InvarianceArm("skew", Start(SmallConvNetCase.Network(KernelSupport.Skew)), aug, false),
            new InvarianceArm("cross-nonunitary", Start(SmallConvNetCase.Network(KernelSupport.Cross, KernelBasisKind.NonUnitary)), aug, false),
            new InvarianceArm("cross-nominal", Start(SmallConvNetCase.Network(KernelSupport.Cross)), new TrainingStrategy(StrategyKind.Nominal), false),
        };
        return InvarianceCheck.Run(arms, reference, data, LossKind.MseOneHot, SmallConvNetCase.Rotations, learningRate, steps, log: log);
    }
}

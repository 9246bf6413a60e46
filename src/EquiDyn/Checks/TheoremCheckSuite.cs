using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>The paper's results run on <see cref="SmallConvNetCase"/>: what <c>equidyn check</c> prints.</summary>
public static class TheoremCheckSuite
{
    /// <summary>The names of the checks, in the order <c>all</c> runs them.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "augmentation", "stationary", "invariance", "optimizers", "ensemble" };

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

    /// <summary>(b) T1 for the cross (compatible) and skew (incompatible) supports after <paramref name="steps"/> Equi steps.</summary>
    public static IReadOnlyList<(string Support, bool Compatible, StationaryPointResult Result)> Stationary(long seed, int steps, double learningRate)
    {
        var data = SmallConvNetCase.Data(seed: seed);
        return new[] { KernelSupport.Cross, KernelSupport.Skew }.Select(support =>
        {
            using var scope = NewDisposeScope();
            var net = SmallConvNetCase.Network(support);
            NetworkInitializer.ProjectedGaussian(net, seed);
            var result = StationaryPointCheck.Run(net, data, LossKind.MseOneHot, SmallConvNetCase.Rotations, steps, learningRate);
            return (support.Name, net.Layers[0].Geometry.IsCompatible, result);
        }).ToList();
    }

    /// <summary>(c, d) T2: exact-orbit full-batch GD from one point of E∩L for cross (unitary), skew, cross with the
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

using EquiDyn.Architectures;
using EquiDyn.Data;
using EquiDyn.Experiments;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Training;

/// <summary>
/// Full-batch training synthesises A = Mθ once per step and pushes the summed gradient through M* once
/// (<see cref="StructuredNetwork.BeginStep"/>); these tests pin it against the plain computation it replaces —
/// backpropagation through M on every minibatch, written out here step by step — on the networks of every full-batch
/// preset (quick scale), so the presets' numbers stay those of the per-minibatch code.
/// </summary>
public class StepSynthesisTests
{
    public static TheoryData<string, string?> Presets() => new()
    {
        { "permutation", null }, { "translation", null }, { "rotation", null },
        { "groups", "c4" }, { "groups", "zn2" }, { "groups", "zn2-c4" },
    };

    [Theory]
    [MemberData(nameof(Presets))]
    public void NominalAndSampledStepsEqualPerMinibatchBackpropagationToTheBit(string preset, string? group)
    {
        // A nominal model's basis is the identity, so both computations add the same minibatch gradients in the same
        // order: the weights must agree exactly.
        foreach (var augmentation in new[] { "nominal", "sampled" })
        {
            var (trained, reference) = TrainBoth(preset, group, augmentation);
            for (int k = 0; k < trained.Length; k++)
            {
                double gap = (trained[k] - reference[k]).abs().max().item<float>();
                Assert.True(gap == 0, $"{preset}/{group}/{augmentation} layer {k}: max gap {gap}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public void EquivariantStepsEqualPerMinibatchBackpropagationToFloat32Rounding(string preset, string? group)
    {
        // The orbit basis sums gradient entries over each orbit: once per step here, once per minibatch in the
        // reference, so the float32 additions happen in another order. The gap is bounded by a few ulps of the
        // largest coefficient (θ itself, not the step, sets the scale of a float32 rounding after θ − ηg).
        var (trained, reference) = TrainBoth(preset, group, "equivariant");
        for (int k = 0; k < trained.Length; k++)
        {
            double gap = (trained[k] - reference[k]).abs().max().item<float>();
            double scale = reference[k].abs().max().item<float>();
            Assert.True(gap <= 8 * 1.2e-7 * scale, $"{preset}/{group} layer {k}: gap {gap} against |θ| {scale}");
        }
    }

    /// <summary>Two epochs of a preset's arm through <see cref="Trainer"/> and through the written-out reference,
    /// from the preset's initial point, on 12 random samples in minibatches of 4; returns both θ.</summary>
    private static (Tensor[] Trained, Tensor[] Reference) TrainBoth(string preset, string? group, string augmentation)
    {
        using var scope = NewDisposeScope();
        var spec = ExperimentPresets.Get(preset, "quick");
        var arm = augmentation switch
        {
            "sampled" => new ArmSpec { Name = augmentation, Strategy = ArmStrategy.Augmented, Augmentation = AugmentationKind.Sampled, Group = group },
            "equivariant" => new ArmSpec { Name = augmentation, Strategy = ArmStrategy.Equivariant, Group = group },
            _ => new ArmSpec { Name = augmentation, Strategy = ArmStrategy.Nominal, Group = group },
        };
        var model = ArchitectureRegistry.Of(spec);
        var strategy = augmentation switch
        {
            "sampled" => new TrainingStrategy(StrategyKind.AugmentedSampled, SamplingScope.PerBatch, AugmentationPasses: 2),
            "equivariant" => new TrainingStrategy(StrategyKind.Equivariant),
            _ => new TrainingStrategy(StrategyKind.Nominal),
        };
        StructuredNetwork Fresh()
        {
            var net = model.Build(spec, arm, ModelSpaces.For(arm.Strategy), ScalarType.Float32, 4);
            model.Initialize(net, spec, arm, seed: 4);
            return net;
        }
        var data = RandomData(Fresh(), spec.Dataset.Side, spec.Loss);
        const double lr = 0.05; // large enough that the steps move θ visibly in float32
        var options = new TrainingOptions(lr, BatchSize: 4, Protocol.FullBatch, Shuffle: false, Seed: 11);

        var trainedNet = Fresh();
        var action = strategy.UsesGroupAction ? model.DataAction(spec, arm) : null;
        var trainer = new Trainer(trainedNet, strategy, spec.Loss, options, action);
        for (int e = 0; e < 2; e++) trainer.RunEpoch(data, _ => { });

        var referenceNet = Fresh();
        var rng = new DataRandom(options.Seed);
        int passes = strategy.AugmentationPasses;
        for (int e = 0; e < 2; e++)
        {
            referenceNet.zero_grad();
            for (long start = 0; start < data.Count; start += 4)
                for (int p = 0; p < passes; p++)
                {
                    using var batchScope = NewDisposeScope();
                    var indices = Enumerable.Range((int)start, 4).Select(i => (long)i).ToArray();
                    var (x, y) = data.Batch(indices);
                    if (action is not null) (x, y) = action.Apply(action.SampleUniform(rng), x, y);
                    var loss = Losses.Compute(spec.Loss, referenceNet.call(x), y);
                    (loss * (4.0 / data.Count / passes)).backward();
                }
            using var _ = no_grad();
            foreach (var theta in referenceNet.Coefficients) theta.add_(theta.grad!, alpha: -lr);
        }
        return (trainedNet.Coefficients.Select(p => p.detach().clone().MoveToOuterDisposeScope()).ToArray(),
            referenceNet.Coefficients.Select(p => p.detach().clone().MoveToOuterDisposeScope()).ToArray());
    }

    private static TensorDataset RandomData(StructuredNetwork net, int n, LossKind loss)
    {
        var g = new Generator(3);
        var x = rand(new long[] { 12, 1, n, n }, generator: g) - 0.5;
        Tensor y;
        using (no_grad())
        {
            var outputs = net.call(x);
            y = loss == LossKind.BinaryCrossEntropy
                ? randint(0, 2, outputs.shape, dtype: ScalarType.Float32, generator: g)
                : randint(0, outputs.shape[^1], new long[] { 12 }, dtype: ScalarType.Int64, generator: g);
        }
        return new TensorDataset(x, y);
    }
}

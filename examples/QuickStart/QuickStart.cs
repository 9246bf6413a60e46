using EquiDyn.Engine;
using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Examples;

/// <summary>The distance from E∩L after training one network three ways, all from the same starting point.</summary>
/// <param name="Group">The group's name, e.g. "C4".</param>
/// <param name="Distances">Strategy name ↦ d = (Σ_k ‖A_k − Π_{E∩L}A_k‖²)^{1/2} after the last step.</param>
/// <param name="TestAccuracy">Strategy name ↦ accuracy on held-out data.</param>
public sealed record QuickStartResult(string Group, IReadOnlyDictionary<string, double> Distances, IReadOnlyDictionary<string, double> TestAccuracy);

/// <summary>A complete EquiDyn program: a group from the registry, an MLP whose layers live in L, a random start in
/// E∩L, and the three strategies of the paper (Nom, Aug, Equi) trained from it.</summary>
/// <remarks>
/// The paper's prediction (arXiv:2303.13458; T2 in docs/checks.md, explained in docs/concepts.md): an MLP admits every linear map (L = H), so L is compatible with E,
/// and augmented training started in E stays in E — its distance from E∩L stays at rounding level — while nominal
/// training leaves E. Equivariant training never leaves E∩L by construction.
/// </remarks>
public static class QuickStart
{
    /// <summary>Runs the example and writes a small table to <paramref name="output"/>.</summary>
    /// <param name="output">Where the table goes.</param>
    /// <param name="groupName">Any grid group of the registry: c1, c2, c4, d1, d2, d4, zn2, zn-x, zn2-c4, trivial.</param>
    /// <param name="side">Image side n (images are n×n).</param>
    /// <param name="epochs">Training epochs per strategy.</param>
    /// <param name="samples">Training images (half as many test images).</param>
    public static QuickStartResult Run(TextWriter output, string groupName = "c4", int side = 6, int epochs = 20, int samples = 512)
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();

        // 1. The group and its action on the pixels of n×n images, from the same registry specs and the CLI use.
        var symmetry = GroupRegistry.CreateForGrid(groupName, side);
        SiteAction pixels = symmetry.OnGrid(side);
        var group = pixels.Group;

        // 2. The exact geometry of the MLP's three block types (E, L = H, E∩L), and networks whose weights live in L:
        //    the nominal one in the indicator basis of L, the equivariant one in the orthonormal basis of E∩L.
        var geometry = MlpGeometry.Of(pixels);
        StructuredNetwork Build(bool equivariant) => InvariantMlp.Build("quickstart", geometry, equivariant,
            siteChannels: [4], invariantWidths: [8], outputs: 3, InvariantActivation.LeakyRelu, sigmoidOutput: false, ScalarType.Float64);

        // 3. Symmetric data: random images with a G-invariant label (see MakeData).
        var (train, test) = (MakeData(side, samples, seed: 1), MakeData(side, samples / 2, seed: 2));

        // 4. One random starting point in E∩L (Gaussian blocks projected onto E∩L), shared by all strategies.
        var start = Build(equivariant: false);
        NetworkInitializer.ProjectedGaussian(start, seed: 7);

        // 5. Train the same start three ways. Aug needs the group's action on the data.
        var action = DataGroupActions.FromSiteActions(pixels);
        var strategies = new (string Name, TrainingStrategy Strategy, bool Equivariant)[]
        {
            ("Nom", new TrainingStrategy(StrategyKind.Nominal), false),
            ("Aug", new TrainingStrategy(StrategyKind.AugmentedExact), false),
            ("Equi", new TrainingStrategy(StrategyKind.Equivariant), true),
        };
        var distances = new Dictionary<string, double>();
        var accuracy = new Dictionary<string, double>();
        output.WriteLine($"group {group.Name} (order {group.Order}) on {side}×{side} images; {epochs} epochs of SGD, lr 0.02");
        output.WriteLine("strategy  distance from E∩L  test accuracy");
        foreach (var (name, strategy, equivariant) in strategies)
        {
            var network = Build(equivariant);
            network.LoadWeightsFrom(start);
            var trainer = new Trainer(network, strategy, LossKind.CrossEntropy,
                new TrainingOptions(LearningRate: 0.02, BatchSize: 16, Protocol.Minibatch, Shuffle: true, Seed: 11),
                strategy.UsesGroupAction ? action : null);
            StepRecord? last = null;
            for (int epoch = 0; epoch < epochs; epoch++) trainer.RunEpoch(train, step => last = step);
            distances[name] = last!.TotalDistance;
            accuracy[name] = trainer.Evaluate(test).TestAccuracy;
            output.WriteLine($"{name,-8}  {distances[name],17:E2}  {accuracy[name],13:P0}");
        }
        return new QuickStartResult(group.Name, distances, accuracy);
    }

    private static TensorDataset MakeData(int side, int count, int seed)
    {
        var generator = new Generator((ulong)seed);
        var images = rand(new long[] { count, 1, side, side }, dtype: ScalarType.Float64, generator: generator);
        // The label compares the centre of the image with its border (terciles of the difference of their means):
        // rotations and reflections of the square map the centre and the border to themselves, so it is invariant.
        int c0 = side / 2 - 1, width = 2 - side % 2;
        var centre = images[TensorIndex.Colon, TensorIndex.Colon, TensorIndex.Slice(c0, c0 + width + side % 2), TensorIndex.Slice(c0, c0 + width + side % 2)];
        var contrast = centre.mean(new long[] { 1, 2, 3 }) - images.mean(new long[] { 1, 2, 3 });
        var (low, high) = (contrast.quantile(1.0 / 3).item<double>(), contrast.quantile(2.0 / 3).item<double>());
        var labels = (contrast > low).to_type(ScalarType.Int64) + (contrast > high).to_type(ScalarType.Int64);
        return new TensorDataset(images.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }
}

using EquiDyn.Data;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Ensembles;

/// <summary>How the members of an ensemble start.</summary>
public enum EnsembleInitialisation
{
    /// <summary>Every member an independent Gaussian draw on L (<see cref="EnsembleInitializer.GaussianInL"/>): a law
    /// invariant under the group when L is.</summary>
    Independent,
    /// <summary>Members in whole orbits: for each independent draw A⁰, the |G| networks Π_L ρ̄_g A⁰ (= ρ̄_g A⁰ when L is
    /// invariant), listed orbit by orbit.</summary>
    Orbit,
}

/// <summary>
/// M networks of one architecture trained side by side with one strategy: full-batch gradient descent, one step of every
/// member per <see cref="Step"/>; sampled augmentation draws each member's group elements from its own seed.
/// </summary>
public sealed class Ensemble
{
    private readonly List<(StructuredNetwork Network, Trainer Trainer)> _members = new();

    /// <summary>Builds and initialises the members.</summary>
    /// <param name="build">A new network of the architecture (zero weights).</param>
    /// <param name="count">Members M (a multiple of |G| for <see cref="EnsembleInitialisation.Orbit"/>).</param>
    /// <param name="initialisation">Independent draws or whole orbits.</param>
    /// <param name="seed">Seed of the draws and of the members' sampling.</param>
    /// <param name="layerAction">ρ̄_g on the layers (for orbits).</param>
    /// <param name="strategy">Nominal, exact or sampled augmentation.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="learningRate">η.</param>
    /// <param name="optimizer">The update rule.</param>
    /// <param name="samples">Training samples (one full batch).</param>
    /// <param name="action">The group on the data.</param>
    public Ensemble(Func<StructuredNetwork> build, int count, EnsembleInitialisation initialisation, long seed,
        NetworkGroupAction layerAction, TrainingStrategy strategy, LossKind loss, double learningRate, OptimizerSettings optimizer,
        int samples, DataGroupAction action)
    {
        if (count < 1) throw new ArgumentException($"an ensemble needs at least one member, got {count}", nameof(count));
        if (initialisation == EnsembleInitialisation.Orbit && count % layerAction.Order != 0)
            throw new ArgumentException($"an orbit ensemble holds whole orbits: use a multiple of {layerAction.Order} members, got {count}", nameof(count));
        var seeds = new DataRandom(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x5EED));
        StructuredNetwork? origin = null;
        for (int m = 0; m < count; m++)
        {
            var net = build();
            if (initialisation == EnsembleInitialisation.Independent)
                EnsembleInitializer.GaussianInL(net, (long)(seeds.NextUInt64() >> 1));
            else
            {
                int g = m % layerAction.Order;
                if (g == 0)
                {
                    origin = build();
                    EnsembleInitializer.GaussianInL(origin, (long)(seeds.NextUInt64() >> 1));
                }
                layerAction.LoadTransformed(net, origin!, g);
            }
            var options = new TrainingOptions(learningRate, samples, Protocol.FullBatch, Shuffle: false, Seed: seeds.NextUInt64()) { Optimizer = optimizer };
            _members.Add((net, new Trainer(net, strategy, loss, options, strategy.UsesGroupAction ? action : null)));
        }
    }

    /// <summary>The members' networks.</summary>
    public IReadOnlyList<StructuredNetwork> Networks => _members.Select(m => m.Network).ToList();

    /// <summary>One full-batch step of every member.</summary>
    public void Step(TensorDataset train)
    {
        foreach (var (_, trainer) in _members) trainer.RunEpoch(train, _ => { });
    }

    /// <summary>Every member's outputs on <paramref name="inputs"/> [N, …] as flat arrays [N·C] (no gradient).</summary>
    public IReadOnlyList<double[]> Outputs(Tensor inputs)
    {
        using var _ = no_grad();
        return _members.Select(m =>
        {
            using var scope = NewDisposeScope();
            var x = inputs.to_type(m.Network.Coefficients[0].dtype);
            return m.Network.call(x).to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
        }).ToList();
    }

    /// <summary>Every member's relative distance ‖A − Π_{E∩L}A‖/‖A‖ to E∩L.</summary>
    public IReadOnlyList<double> DistancesToIntersection() => _members.Select(m =>
    {
        double norm = LayerTelemetry.Total(LayerTelemetry.Norms(m.Network));
        return norm > 0 ? LayerTelemetry.Total(LayerTelemetry.DistancesToIntersection(m.Network)) / norm : 0;
    }).ToList();
}

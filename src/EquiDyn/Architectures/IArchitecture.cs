using EquiDyn.Experiments;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Architectures;

/// <summary>Which subspace a network's layers are parametrized in. The arm's strategy alone decides it
/// (<see cref="ModelSpaces.For"/>), and the <see cref="Trainer"/> refuses a network whose layers span another one.</summary>
public enum ModelSpace
{
    /// <summary>L, in the arm's parametrization (unitary indicator basis, or the paper's random non-unitary basis).</summary>
    Admissible,

    /// <summary>E∩L, in an orthonormal basis (the equivariant model).</summary>
    Equivariant,
}

/// <summary>The model space of a strategy.</summary>
public static class ModelSpaces
{
    /// <summary>E∩L for the equivariant strategy, L for nominal and augmented training.</summary>
    public static ModelSpace For(ArmStrategy strategy) => strategy == ArmStrategy.Equivariant ? ModelSpace.Equivariant : ModelSpace.Admissible;
}

/// <summary>One linear layer of an architecture as the geometry report shows it: the exact geometry of one channel-pair
/// block and how many blocks the layer has.</summary>
/// <param name="Layer">The layer's name in the built network (conv1, sites0, invariant, …).</param>
/// <param name="Shape">What one channel pair is, in words ("3×3 kernel", "7×7 grid → class score").</param>
/// <param name="ChannelPairs">Number of (output, input) channel pairs.</param>
/// <param name="Geometry">dim H, L, E, E∩L, compatibility and straddling orbits of one block.</param>
public sealed record LayerDescription(string Layer, string Shape, long ChannelPairs, LayerGeometry Geometry);

/// <summary>
/// A network family an experiment can name in <c>architecture.name</c>: it checks the spec fields it reads, builds the
/// arm's network in L or in E∩L, loads its initial point, describes every layer's geometry and gives the group's action on
/// the data. Registered in <see cref="ArchitectureRegistry"/>; the runner, the checkpoint analysis and the report reach
/// networks only through this interface.
/// </summary>
/// <remarks>
/// Contract (tested for every registered architecture): the networks of both spaces have the same layers and block
/// geometries; <see cref="Initialize"/> draws the same point of E∩L for a seed whichever space the network was built in;
/// every fixed stage is equivariant under <see cref="DataAction"/>, so a point of E makes the network invariant (or
/// equivariant, for segmentation) (docs/concepts.md, L1).
/// </remarks>
public interface IArchitecture
{
    /// <summary>The registry name (<c>architecture.name</c> in a spec), kebab case.</summary>
    string Name { get; }

    /// <summary>One line for listings and help.</summary>
    string Description { get; }

    /// <summary>Checks the spec's fields this architecture reads (kind, group, data set, sizes, widths, loss, supports,
    /// augmentations) and refuses fields it would not read.</summary>
    /// <exception cref="ExperimentSpecException">The first field that does not fit, with the fix.</exception>
    void Validate(ExperimentSpec spec);

    /// <summary>Builds the arm's network with zero weights (load a point with <see cref="Initialize"/> or a checkpoint).</summary>
    /// <param name="spec">The spec (sizes, widths, group, data).</param>
    /// <param name="arm">The arm (its group, support and basis).</param>
    /// <param name="space">L in the arm's parametrization, or E∩L.</param>
    /// <param name="dtype">Parameter type.</param>
    /// <param name="runSeed">The run's seed (seeds the non-unitary basis, <see cref="ArchitectureSeeds.Basis"/>).</param>
    StructuredNetwork Build(ExperimentSpec spec, ArmSpec arm, ModelSpace space, ScalarType dtype, long runSeed);

    /// <summary>Loads the architecture's initial point for a seed (a point of E∩L) into a network built by
    /// <see cref="Build"/> in either space, and returns its weight blocks.</summary>
    Tensor[] Initialize(StructuredNetwork network, ExperimentSpec spec, ArmSpec arm, long seed);

    /// <summary>Every linear layer's exact geometry for the arm, in layer order (no network is built).</summary>
    IReadOnlyList<LayerDescription> Describe(ExperimentSpec spec, ArmSpec arm);

    /// <summary>The arm's group acting on the data (inputs, and targets where they carry the action).</summary>
    DataGroupAction DataAction(ExperimentSpec spec, ArmSpec arm);
}

/// <summary>Seeds derived from a run's seed.</summary>
public static class ArchitectureSeeds
{
    /// <summary>The seed of a run's non-unitary basis (one draw per layer from it).</summary>
    public static int Basis(long runSeed) => unchecked((int)(runSeed * 1009 + 7));
}

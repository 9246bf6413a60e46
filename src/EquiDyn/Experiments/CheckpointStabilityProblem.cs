using System.Globalization;
using EquiDyn.Analysis;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Experiments;

/// <summary>What <see cref="CheckpointStabilityProblem.Load"/> found and built.</summary>
/// <param name="Problem">The stability problem at the checkpoint's point (float64, unitary coordinates of 𝓛).</param>
/// <param name="Checkpoint">The checkpoint file.</param>
/// <param name="Spec">The spec it was trained with.</param>
/// <param name="Arm">The arm whose admissible space 𝓛 the analysis uses.</param>
/// <param name="State">The checkpoint's state (phase, epoch, step, completed).</param>
/// <param name="DistanceToIntersection">‖θ − Π_{𝓔∩𝓛}θ‖ of the analysed point (0 up to rounding for an Equi-phase
/// checkpoint; the drift off 𝓔∩𝓛 for an Aug-phase one unless projected).</param>
/// <param name="Projected">Whether the point was projected onto 𝓔∩𝓛 before the analysis.</param>
/// <param name="Notes">Human-readable lines about choices made (basis conversion, projection).</param>
public sealed record CheckpointStability(StabilityProblem Problem, string Checkpoint, ExperimentSpec Spec, ArmSpec Arm,
    CheckpointState State, double DistanceToIntersection, bool Projected, IReadOnlyList<string> Notes);

/// <summary>Settings of <see cref="CheckpointStabilityProblem.Load"/>.</summary>
public sealed record CheckpointStabilityOptions
{
    /// <summary>Training samples in the risk (each with its whole orbit); null: all. Default 16 (see docs/stability.md for
    /// the measured cost per Hessian-vector product on mnist-c4).</summary>
    public int? Samples { get; init; } = 16;

    /// <summary>Seed of the fixed sample subset (<see cref="NetworkStabilityOptions.SampleSeed"/>).</summary>
    public ulong SampleSeed { get; init; }

    /// <summary>Analyse Π_{𝓔∩𝓛}θ instead of θ (for Aug-phase checkpoints, which have drifted off 𝓔∩𝓛).</summary>
    public bool ProjectOntoIntersection { get; init; }

    /// <summary>For a sweep's shared Equi phase (<c>equivariant-&lt;support&gt;-seed&lt;k&gt;</c>), the arm whose 𝓛 to
    /// transfer into; null: the first unitary arm with that support.</summary>
    public string? Arm { get; init; }

    /// <summary>Where progress lines of data loading go (null: nowhere).</summary>
    public TextWriter? Log { get; init; }
}

/// <summary>Builds the <see cref="StabilityProblem"/> of a checkpoint written by <see cref="ExperimentRunner"/>: the
/// network rebuilt in float64 from the spec saved beside it, the weights loaded, transferred into the unitary
/// parametrization of the arm's 𝓛, and the exactly augmented risk over a fixed subset of the spec's training data.</summary>
/// <remarks>
/// <para>Accepted paths: a checkpoint file, or the directory holding <c>checkpoint.npz</c> — a run directory
/// <c>&lt;arm&gt;-seed&lt;k&gt;/</c> (its spec.json names the arm; the checkpoint is of the Aug or strategy phase) or a
/// shared Equi directory <c>equivariant-&lt;support&gt;-seed&lt;k&gt;/</c> (the sweep's spec.json one level up; the
/// equivariant model's point is transferred into an arm's model in 𝓛, exactly as the runner does before the Aug phase).</para>
/// <para>The analysis always runs in unitary coordinates of 𝓛: a non-unitary arm's weights A = Mθ are re-expressed in the
/// indicator basis of the same support (the point A is unchanged; only the coordinates differ, and the θ-Hessian of a
/// non-unitary M would be M*HM, which is not the block structure of docs/stability.md).</para>
/// </remarks>
public static class CheckpointStabilityProblem
{
    private const string CheckpointFile = "checkpoint.npz";

    /// <summary>Loads a checkpoint and builds its stability problem.</summary>
    /// <exception cref="FileNotFoundException">No checkpoint or no spec.json was found (the message says where it looked).</exception>
    /// <exception cref="InvalidDataException">The spec and the checkpoint do not fit together.</exception>
    public static CheckpointStability Load(string path, CheckpointStabilityOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new CheckpointStabilityOptions();
        string checkpoint = Directory.Exists(path) ? Path.Combine(path, CheckpointFile) : path;
        if (!File.Exists(checkpoint))
            throw new FileNotFoundException($"{path}: no checkpoint (expected a checkpoint file or a run directory holding {CheckpointFile})", checkpoint);
        string directory = Path.GetDirectoryName(Path.GetFullPath(checkpoint))!;
        string? specPath = new[] { Path.Combine(directory, "spec.json"), Path.Combine(Path.GetDirectoryName(directory) ?? directory, "spec.json") }
            .FirstOrDefault(File.Exists);
        if (specPath is null)
            throw new FileNotFoundException($"{checkpoint}: no spec.json beside it or in its sweep directory to rebuild the architecture from");
        var spec = ExperimentSpec.Load(specPath);
        if (spec.Architecture.Name != "rotation-convnet")
            throw new InvalidDataException($"{checkpoint}: its spec trains '{spec.Architecture.Name}'; the checkpoint analysis rebuilds the C4 CNN of transfer runs (rotation-convnet) only");
        var state = Checkpoint.ReadState(checkpoint);
        var arm = ResolveArm(spec, state, directory, options.Arm);
        var notes = new List<string>();

        using var scope = NewDisposeScope();
        var (network, action, loss) = Rebuild(spec, arm, state, checkpoint, spec.RunSeed ?? SeedOf(directory), notes);
        var coordinates = new NetworkCoordinates(network);
        if (options.ProjectOntoIntersection)
        {
            coordinates.Load(coordinates.ProjectIntersection(coordinates.Flatten()));
            notes.Add("projected onto E∩L before the analysis (--project)");
        }
        double distance = Math.Sqrt(coordinates.DistancesToIntersection(coordinates.Flatten()).Sum(d => d * d));

        using var data = ExperimentData.Load(spec.Dataset, options.Log);
        string name = $"{Path.GetFileName(directory)}/{state.Phase}";
        var samples = NetworkStabilityProblem.SubsetIndices(data.Train.Count, options.Samples, options.SampleSeed).Length;
        string description = string.Create(CultureInfo.InvariantCulture,
            $"{checkpoint}: {spec.Preset} {spec.Scale}, arm {arm.Name} (support {arm.Support}), phase {state.Phase} epoch {state.Epoch}; " +
            $"n = {coordinates.Dimension}, dim E∩L = {coordinates.IntersectionRank}, distance to E∩L {distance:E3}; " +
            $"R_aug = {spec.Loss} over {samples} of {data.Train.Count} training samples (seed {options.SampleSeed}) × {action.Elements!.Count} group elements.");
        var problem = NetworkStabilityProblem.Create(network, data.Train, loss, action, new NetworkStabilityOptions
        {
            Samples = options.Samples,
            SampleSeed = options.SampleSeed,
            Name = name,
            Description = description,
        });
        return new CheckpointStability(problem, checkpoint, spec, arm, state, distance, options.ProjectOntoIntersection, notes);
    }

    private static ArmSpec ResolveArm(ExperimentSpec spec, CheckpointState state, string directory, string? requested)
    {
        string? wanted = requested ?? spec.RunArm;
        if (wanted is not null)
            return spec.Arms.FirstOrDefault(a => a.Name == wanted)
                   ?? throw new InvalidDataException($"arm '{wanted}' is not in the spec (arms: {string.Join(", ", spec.Arms.Select(a => a.Name))})");
        // A shared Equi phase: equivariant-<support key>-seed<k>.
        string folder = Path.GetFileName(directory);
        if (state.Phase == "equivariant" && folder.StartsWith("equivariant-", StringComparison.Ordinal))
        {
            string key = folder["equivariant-".Length..folder.LastIndexOf("-seed", StringComparison.Ordinal)];
            var candidates = spec.Arms.Where(a => RunJob.SupportKey(a.Support) == key).ToList();
            return candidates.FirstOrDefault(a => a.Basis == "unitary") ?? candidates.FirstOrDefault()
                   ?? throw new InvalidDataException($"{folder}: no arm of the spec has support '{key}'");
        }
        throw new InvalidDataException($"{directory}: cannot tell which arm the checkpoint belongs to (no runArm in spec.json); pass the arm");
    }

    private static long SeedOf(string directory)
    {
        string folder = Path.GetFileName(directory);
        int at = folder.LastIndexOf("-seed", StringComparison.Ordinal);
        return at >= 0 && long.TryParse(folder[(at + 5)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out long seed) ? seed : 0;
    }

    private static (StructuredNetwork Network, DataGroupAction Action, LossKind Loss) Rebuild(
        ExperimentSpec spec, ArmSpec arm, CheckpointState state, string checkpoint, long seed, List<string> notes)
    {
        const ScalarType f64 = ScalarType.Float64;
        if (spec.Kind == "strategies")
        {
            var model = PaperMlp.For(spec, arm);
            bool equivariant = arm.Augmentation == "equivariant";
            var trained = model.Build(f64, equivariant);
            Checkpoint.Load(checkpoint, trained);
            if (!equivariant) return (trained, model.Action(), model.Loss);
            var inL = model.Build(f64, false);
            inL.LoadWeightsFrom(trained);
            notes.Add("equivariant arm: its point in E∩L transferred into the nominal model in L");
            return (inL, model.Action(), model.Loss);
        }

        var support = KernelSupport.Parse(arm.Support);
        int n = spec.Dataset.ImageSize, classes = spec.Architecture.Classes;
        var hidden = spec.Architecture.ConvChannels;
        var unitary = RotationConvNet.Build(support, KernelBasisKind.Unitary, 0, n, hidden, classes, f64);
        if (state.Phase == "equivariant")
        {
            var eqv = RotationConvNet.BuildEquivariant(support, n, hidden, classes, f64);
            Checkpoint.Load(checkpoint, eqv);
            unitary.LoadWeightsFrom(eqv);
            notes.Add($"Equi-phase checkpoint transferred into arm {arm.Name}'s model in L (unitary basis), as the runner does before the Aug phase");
        }
        else if (arm.Basis == "unitary")
        {
            Checkpoint.Load(checkpoint, unitary);
        }
        else
        {
            var trained = RotationConvNet.Build(support, KernelBasisKind.NonUnitary, ExperimentRunner.BasisSeed(seed), n, hidden, classes, f64);
            Checkpoint.Load(checkpoint, trained);
            unitary.LoadWeightsFrom(trained);
            notes.Add("non-unitary arm: weights A = Mθ re-expressed in the unitary indicator basis of the same L");
        }
        return (unitary, DataGroupActions.ImageRotations(n), ExperimentRunner.Loss(spec.Loss));
    }
}

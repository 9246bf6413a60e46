using System.Runtime.CompilerServices;
using EquiDyn.Data;
using EquiDyn.Experiments;
using EquiDyn.Symmetry;

namespace EquiDyn.Architectures.LayerList;

/// <summary>
/// The <c>layers</c> architecture of a spec: the group (registry name or <c>groupDefinition</c>), its site sets and the
/// layer list planned into a <see cref="LayerListModel"/>; the user's data files are checked against its input.
/// </summary>
public static class LayerListArchitecture
{
    /// <summary>The architecture name in specs.</summary>
    public const string Name = "layers";

    /// <summary>The dataset name of the user's files.</summary>
    public const string FilesDataset = "files";

    private static readonly ConditionalWeakTable<ExperimentSpec, LayerListModel> Plans = new();

    /// <summary>The planned model of a <c>layers</c> spec (planned once per spec instance).</summary>
    /// <exception cref="ExperimentSpecException">The group, a site set or a layer is invalid (the field is named).</exception>
    public static LayerListModel Model(ExperimentSpec spec) => Plans.GetValue(spec, Plan);

    /// <summary>The group of a <c>layers</c> spec with its site sets.</summary>
    /// <exception cref="ExperimentSpecException">The group is invalid (the field is named).</exception>
    public static SiteSets Sites(ExperimentSpec spec)
    {
        try
        {
            if (spec.GroupDefinition is { } definition)
            {
                if (spec.Group != definition.Name)
                    throw new LayerListException("group", $"'{spec.Group}' is not the defined group's name '{definition.Name}': set group to \"{definition.Name}\" (or remove groupDefinition to use a registry group)");
                return SiteSets.Define(definition);
            }
            if (!GroupRegistry.TryParse(spec.Group, out var name, out var error)) throw new LayerListException("group", error + ", or define one in groupDefinition");
            int size = SizeOf(spec.Architecture.Input?.Sites);
            FiniteGroup group;
            try
            {
                group = name.Create(size);
            }
            catch (ArgumentException e)
            {
                throw new LayerListException("group", $"{name}: {e.Message}");
            }
            return SiteSets.ForRegistryGroup(group);
        }
        catch (LayerListException e)
        {
            throw new ExperimentSpecException(e.Field, e.Problem);
        }
    }

    /// <summary>Checks the parts of a spec that belong to the <c>layers</c> architecture and the <c>files</c> dataset.</summary>
    /// <exception cref="ExperimentSpecException">The first problem.</exception>
    public static void Validate(ExperimentSpec spec)
    {
        var a = spec.Architecture;
        bool layers = a.Name == Name;
        if (!layers)
        {
            if (a.Input is not null) throw new ExperimentSpecException("architecture.input", $"{a.Name} does not read input (it belongs to the layers architecture): remove it");
            if (a.Layers is not null) throw new ExperimentSpecException("architecture.layers", $"{a.Name} does not read layers: set architecture.name to \"layers\" or remove them");
            if (spec.GroupDefinition is not null) throw new ExperimentSpecException("groupDefinition", $"a group defined by generators needs the layers architecture (architecture.name \"layers\"); {a.Name} is built for the registry groups");
            if (spec.Dataset.Name == FilesDataset) throw new ExperimentSpecException("dataset.name", $"the user's files are read by the layers architecture, which declares their sites: set architecture.name to \"layers\"");
        }
        else
        {
            if (a.Hidden is not null) throw new ExperimentSpecException("architecture.hidden", "layers does not read hidden (it belongs to rotation-convnet): give channels per layer in architecture.layers");
            if (a.Channels is not null) throw new ExperimentSpecException("architecture.channels", "layers does not read channels (it belongs to paper-mlp): give channels per layer in architecture.layers");
            if (a.Widths is not null) throw new ExperimentSpecException("architecture.widths", "layers does not read widths (it belongs to paper-mlp): give channels per layer in architecture.layers");
            if (spec.Kind != "strategies") throw new ExperimentSpecException("kind", "a layers architecture trains its arms' strategies from one shared point: use kind \"strategies\"");
            var model = Model(spec);
            for (int i = 0; i < spec.Arms.Count; i++)
            {
                var arm = spec.Arms[i];
                if (arm.Group is not null) throw new ExperimentSpecException($"arms[{i}].group", "a layers model carries one group (group / groupDefinition): remove the arm's group");
                if (arm.Augmentation == "orbit-dataset") throw new ExperimentSpecException($"arms[{i}].augmentation", "orbit-dataset belongs to the CNN transfer runs: use nominal, sampled, exact-orbits or equivariant");
                if (arm.Augmentation == "exact-orbits" && !model.Sites.Group.IsListable)
                    throw new ExperimentSpecException($"arms[{i}].augmentation", $"{model.Sites.Group.Name} is too large to list every element: use sampled");
            }
        }
        var d = spec.Dataset;
        if (d.Name == FilesDataset)
        {
            if (d.Train is null) throw new ExperimentSpecException("dataset.train", "missing: give { \"inputs\": \"train-x.npy\", \"labels\": \"train-y.npy\" } (paths relative to the spec file)");
            if (d.Test is null) throw new ExperimentSpecException("dataset.test", "missing: give { \"inputs\": \"test-x.npy\", \"labels\": \"test-y.npy\" } (it may name the training files)");
            foreach (var (field, files) in new[] { ("dataset.train", d.Train), ("dataset.test", d.Test) })
            {
                if (string.IsNullOrWhiteSpace(files.Inputs)) throw new ExperimentSpecException($"{field}.inputs", "missing: give the path of the inputs file (.npy or IDX)");
                if (string.IsNullOrWhiteSpace(files.Labels)) throw new ExperimentSpecException($"{field}.labels", "missing: give the path of the labels file (.npy or IDX)");
            }
            if (d.TrainOn != "train") throw new ExperimentSpecException("dataset.trainOn", "the user's files name their training set: use \"train\"");
            if (d.Shift is not null && !double.IsFinite(d.Shift.Value)) throw new ExperimentSpecException("dataset.shift", "use a finite number or remove it");
        }
        else if (d.Train is not null || d.Test is not null)
            throw new ExperimentSpecException(d.Train is not null ? "dataset.train" : "dataset.test", $"dataset '{d.Name}' does not read files: set dataset.name to \"files\" or remove them");
    }

    /// <summary>Reads the spec's <c>files</c> dataset, checked against the model's input and classes.</summary>
    /// <exception cref="DataFormatException">A file is missing, malformed or does not fit (file, field and fix named).</exception>
    public static DataSplit LoadFiles(ExperimentSpec spec)
    {
        var model = Model(spec);
        int classes = spec.Architecture.Classes;
        var train = SampleFiles.Load(spec.Dataset.Train!, model.InputChannels, model.Input.Shape, classes, "dataset.train");
        var test = spec.Dataset.Test == spec.Dataset.Train
            ? train
            : SampleFiles.Load(spec.Dataset.Test!, model.InputChannels, model.Input.Shape, classes, "dataset.test");
        return new DataSplit(train, test);
    }

    /// <summary>The runner's view of an arm (nominal/augmented models in L with the arm's basis; equivariant in E∩L).</summary>
    public static PaperMlp ForArm(ExperimentSpec spec, ArmSpec arm)
    {
        var model = Model(spec);
        var inL = arm.Basis == "non-unitary" ? LayerListParametrization.NonUnitary : LayerListParametrization.Unitary;
        return new PaperMlp("layers", (dtype, equivariant) => model.Build(dtype, equivariant ? LayerListParametrization.Intersection : inL, BasisSeed),
            LayerListModel.Initialize, ExperimentRunner.Loss(spec.Loss), model.DataAction);
    }

    /// <summary>The seed of the non-unitary bases (layer j: seed + j), the same for every run of a spec so that a
    /// checkpoint is rebuilt with the basis it was trained in.</summary>
    public const int BasisSeed = 1009;

    private static LayerListModel Plan(ExperimentSpec spec)
    {
        var sites = Sites(spec);
        try
        {
            return LayerListModel.Plan(sites, spec.Architecture.Input, spec.Architecture.Layers, spec.Architecture.Classes);
        }
        catch (LayerListException e)
        {
            throw new ExperimentSpecException(e.Field, e.Problem);
        }
    }

    /// <summary>The size a registry group is created for: n of the input's <c>grid:n</c> or <c>nodes:n</c>.</summary>
    private static int SizeOf(string? sites)
    {
        var parts = (sites ?? "").Split(':');
        return parts.Length == 2 && int.TryParse(parts[1], out int n) && n >= 1
            ? n
            : throw new LayerListException("architecture.input.sites", $"'{sites}': with a registry group, name the input's site set grid:n or nodes:n (or define the group in groupDefinition)");
    }
}

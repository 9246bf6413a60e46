using System.IO.Compression;
using System.Text.Json;
using EquiDyn.Data;
using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Experiments;

/// <summary>The training state of a checkpoint besides the weights.</summary>
public sealed record CheckpointState
{
    /// <summary>The phase the checkpoint belongs to (<c>equivariant</c>, <c>augmented</c>, …).</summary>
    public string Phase { get; init; } = "";

    /// <summary>Epochs completed in the phase.</summary>
    public int Epoch { get; init; }

    /// <summary>Trainer steps taken in the phase.</summary>
    public long Step { get; init; }

    /// <summary>The trainer's <see cref="DataRandom.State"/> (data order, sampled group elements).</summary>
    public ulong RandomState { get; init; }

    /// <summary>Whether the phase is finished (the weights are the final ones).</summary>
    public bool Completed { get; init; }

    /// <summary>Updates the optimizer has taken (Adam's bias-correction step t); its buffers are the checkpoint's
    /// <c>optimizer/*.npy</c> entries.</summary>
    public long OptimizerSteps { get; init; }

    /// <summary>Byte length of every CSV file of the run at checkpoint time: resuming truncates rows written later.</summary>
    public Dictionary<string, long> CsvLengths { get; init; } = new();
}

/// <summary>
/// A checkpoint file: a .npz archive (numpy reads it with <c>numpy.load</c>) holding every layer's coefficients θ as
/// <c>&lt;layer&gt;.npy</c>, the optimizer's buffers (momentum, Adam's moments; none for SGD) as
/// <c>optimizer/&lt;name&gt;.npy</c>, and the <see cref="CheckpointState"/> as <c>state.json</c>. Written atomically: to a
/// temporary file in the same folder, then renamed over the old checkpoint, so a crash leaves the previous one intact.
/// </summary>
public static class Checkpoint
{
    private const string StateEntry = "state.json";
    private const string OptimizerPrefix = "optimizer/";

    /// <summary>The optimizer buffers of a checkpoint by name (empty for SGD or an older checkpoint).</summary>
    public static Dictionary<string, Tensor> ReadOptimizerState(string path)
    {
        var state = new Dictionary<string, Tensor>();
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(OptimizerPrefix, StringComparison.Ordinal)))
        {
            using var stream = entry.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var array = Npy.Read(buffer.ToArray(), $"{path}:{entry.FullName}");
            var shape = array.Shape.Select(s => (long)s).ToArray();
            state[entry.FullName[OptimizerPrefix.Length..^".npy".Length]] =
                array.DType == NpyDType.Float64 ? tensor(array.ToDoubleArray(), shape) : tensor(array.ToSingleArray(), shape);
        }
        return state;
    }

    /// <summary>Writes the network's coefficients and the state atomically to <paramref name="path"/>.</summary>
    public static void Write(string path, StructuredNetwork network, CheckpointState state,
        IReadOnlyDictionary<string, Tensor>? optimizerState = null) => AtomicFile.Write(path, file =>
    {
        using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var layer in network.Layers)
        {
            var entry = zip.CreateEntry(layer.GetName() + ".npy", CompressionLevel.NoCompression);
            using var stream = entry.Open();
            Npy.Write(stream, ToNpy(layer.Coefficients));
        }
        foreach (var (name, tensor) in optimizerState ?? new Dictionary<string, Tensor>())
        {
            var entry = zip.CreateEntry(OptimizerPrefix + name + ".npy", CompressionLevel.NoCompression);
            using var stream = entry.Open();
            Npy.Write(stream, ToNpy(tensor));
        }
        var stateEntry = zip.CreateEntry(StateEntry, CompressionLevel.NoCompression);
        using (var stream = stateEntry.Open())
            JsonSerializer.Serialize(stream, state, ExperimentSpec.JsonOptions);
    });

    /// <summary>Reads only the state of a checkpoint.</summary>
    public static CheckpointState ReadState(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var entry = zip.GetEntry(StateEntry) ?? throw new InvalidDataException($"{path}: no {StateEntry} in the checkpoint");
        using var stream = entry.Open();
        return JsonSerializer.Deserialize<CheckpointState>(stream, ExperimentSpec.JsonOptions)
               ?? throw new InvalidDataException($"{path}: empty {StateEntry}");
    }

    /// <summary>Loads the coefficients into a network of the same architecture and returns the state.</summary>
    public static CheckpointState Load(string path, StructuredNetwork network)
    {
        using (var zip = ZipFile.OpenRead(path))
        {
            foreach (var layer in network.Layers)
            {
                var entry = zip.GetEntry(layer.GetName() + ".npy")
                            ?? throw new InvalidDataException($"{path}: no coefficients for layer '{layer.GetName()}'");
                using var stream = entry.Open();
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                var array = Npy.Read(buffer.ToArray(), $"{path}:{entry.Name}");
                var shape = array.Shape.Select(s => (long)s).ToArray();
                if (!shape.SequenceEqual(layer.Coefficients.shape))
                    throw new InvalidDataException($"{path}: layer '{layer.GetName()}' has shape ({string.Join(", ", shape)}), the network ({string.Join(", ", layer.Coefficients.shape)})");
                using var scope = NewDisposeScope();
                var t = array.DType == NpyDType.Float64 ? tensor(array.ToDoubleArray(), shape) : tensor(array.ToSingleArray(), shape);
                layer.LoadCoefficients(t.to_type(layer.Coefficients.dtype));
            }
        }
        return ReadState(path);
    }

    private static NpyArray ToNpy(Tensor t)
    {
        var shape = t.shape.Select(s => (int)s).ToArray();
        using var c = t.detach().contiguous();
        return t.dtype == ScalarType.Float64
            ? NpyArray.Of(c.data<double>().ToArray(), shape)
            : NpyArray.Of(c.to_type(ScalarType.Float32).data<float>().ToArray(), shape);
    }
}

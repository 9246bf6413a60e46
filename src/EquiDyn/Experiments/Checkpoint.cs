using System.IO.Compression;
using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text.Json;
using EquiDyn.Data;
using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Experiments;

/// <summary>The training state of a checkpoint besides the weights.</summary>
public sealed record CheckpointState
{
    /// <summary>The checkpoint layout: <see cref="Checkpoint.CurrentFormat"/> (2: with <see cref="Arrays"/>).</summary>
    public int Format { get; init; }

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
    public Dictionary<string, long>? CsvLengths { get; init; }

    /// <summary>Per array entry (<c>conv1.npy</c>, …): its dtype, shape and SHA-256, checked when it is loaded.</summary>
    public Dictionary<string, CheckpointArray>? Arrays { get; init; }
}

/// <summary>What state.json records about one array of a checkpoint.</summary>
/// <param name="Dtype">numpy dtype string (<c>&lt;f4</c>, <c>&lt;f8</c>).</param>
/// <param name="Shape">The shape.</param>
/// <param name="Sha256">SHA-256 of the entry's .npy bytes, lowercase hex.</param>
public sealed record CheckpointArray(string Dtype, int[] Shape, string Sha256);

/// <summary>
/// A checkpoint file: a .npz archive (numpy reads it with <c>numpy.load</c>) holding every layer's coefficients θ as
/// <c>&lt;layer&gt;.npy</c>, the optimizer's buffers (momentum, Adam's moments; none for SGD) as
/// <c>optimizer/&lt;name&gt;.npy</c>, and the <see cref="CheckpointState"/> as <c>state.json</c>. Written atomically: to a
/// temporary file in the same folder, then renamed over the old checkpoint, so a crash leaves the previous one intact.
/// </summary>
/// <remarks>Integrity: reading refuses anything but a regular file, checks every entry's zip CRC-32 (.NET's zip reader
/// does not) and its size before decompressing it, refuses encrypted entries, and checks each array's dtype (float32
/// or float64), shape and SHA-256 against state.json and its values for NaN/∞; the state's fields must be in range.
/// Every failure is a <see cref="DataFormatException"/> naming the file and the entry.</remarks>
public static class Checkpoint
{
    /// <summary>The layout written now; older checkpoints (without array hashes) are refused.</summary>
    public const int CurrentFormat = 2;

    private const string StateEntry = "state.json";
    private const long MaxStateBytes = 1 << 20;
    private const string OptimizerPrefix = "optimizer/";

    /// <summary>Writes the network's coefficients, the optimizer's buffers (momentum, Adam's moments; none for SGD)
    /// and the state atomically to <paramref name="path"/>; the state's <see cref="CheckpointState.Arrays"/> and
    /// <see cref="CheckpointState.Format"/> are filled in here.</summary>
    public static void Write(string path, StructuredNetwork network, CheckpointState state,
        IReadOnlyDictionary<string, Tensor>? optimizerState = null)
    {
        var named = network.Layers.Select(l => (Name: l.GetName() + ".npy", Tensor: (Tensor)l.Coefficients))
            .Concat((optimizerState ?? new Dictionary<string, Tensor>()).Select(kv => (Name: OptimizerPrefix + kv.Key + ".npy", Tensor: kv.Value)));
        var entries = named.Select(n =>
        {
            var array = ToNpy(n.Tensor);
            return (n.Name, Bytes: Npy.ToBytes(array), Array: array);
        }).ToList();
        var recorded = state with
        {
            Format = CurrentFormat,
            Arrays = entries.ToDictionary(e => e.Name, e => new CheckpointArray(NpyHeader.Descr(e.Array.DType), e.Array.Shape, Hash(e.Bytes))),
        };
        AtomicFile.Write(path, file =>
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, bytes, _) in entries)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
                using var stream = entry.Open();
                stream.Write(bytes);
            }
            var stateEntry = zip.CreateEntry(StateEntry, CompressionLevel.NoCompression);
            using (var stream = stateEntry.Open())
                JsonSerializer.Serialize(stream, recorded, ExperimentSpec.JsonOptions);
        });
    }

    /// <summary>Reads and checks only the state of a checkpoint.</summary>
    /// <exception cref="DataFormatException">The file is not a checkpoint written by this version, or is damaged.</exception>
    public static CheckpointState ReadState(string path)
    {
        using var zip = Open(path);
        return ReadState(zip, path);
    }

    /// <summary>Loads the coefficients into a network of the same architecture (converting float32 ↔ float64 when the
    /// network's dtype differs) and returns the state; nothing is loaded unless every array passes its checks.</summary>
    /// <param name="path">The checkpoint.</param>
    /// <param name="network">Receives the coefficients.</param>
    /// <param name="optimizerBuffers">When given, receives the optimizer's buffers by name (none for SGD), checked like
    /// the coefficients and read from the same opened archive.</param>
    /// <exception cref="DataFormatException">The checkpoint is damaged or does not fit the network.</exception>
    public static CheckpointState Load(string path, StructuredNetwork network, IDictionary<string, Tensor>? optimizerBuffers = null)
    {
        using var zip = Open(path);
        var state = ReadState(zip, path);
        var arrays = new List<(StructuredLayer Layer, NpyArray Array)>();
        foreach (var layer in network.Layers)
        {
            var array = ReadArray(zip, path, state, layer.GetName() + ".npy", $"the coefficients of layer '{layer.GetName()}'");
            var shape = array.Shape.Select(s => (long)s).ToArray();
            if (!shape.SequenceEqual(layer.Coefficients.shape))
                throw new DataFormatException(path, -1, $"layer '{layer.GetName()}' has shape ({string.Join(", ", shape)}), the network ({string.Join(", ", layer.Coefficients.shape)}): the checkpoint belongs to another architecture");
            arrays.Add((layer, array));
        }
        var buffers = optimizerBuffers is null
            ? new List<(string Name, NpyArray Array)>()
            : zip.Entries.Where(e => e.FullName.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
                .Select(e => (Name: e.FullName[OptimizerPrefix.Length..^".npy".Length], Array: ReadArray(zip, path, state, e.FullName))).ToList();
        foreach (var (name, array) in buffers)
        {
            var shape = array.Shape.Select(s => (long)s).ToArray();
            optimizerBuffers![name] = array.DType == NpyDType.Float64 ? tensor(array.ToDoubleArray(), shape) : tensor(array.ToSingleArray(), shape);
        }
        foreach (var (layer, array) in arrays)
        {
            using var scope = NewDisposeScope();
            var shape = array.Shape.Select(s => (long)s).ToArray();
            var t = array.DType == NpyDType.Float64 ? tensor(array.ToDoubleArray(), shape) : tensor((float[])array.Data, shape);
            layer.LoadCoefficients(t.to_type(layer.Coefficients.dtype));
        }
        return state;
    }

    /// <summary>One array entry, checked: present, recorded in state.json, CRC-32 and size, SHA-256, dtype and shape as
    /// recorded, finite values.</summary>
    private static NpyArray ReadArray(ZipArchive zip, string path, CheckpointState state, string name, string? what = null)
    {
        var entry = zip.GetEntry(name) ?? throw new DataFormatException(path, -1, $"has no {name}" + (what is null ? "" : $" ({what})"));
        if (!state.Arrays!.TryGetValue(name, out var recorded))
            throw new DataFormatException(path, -1, $"{StateEntry} records no dtype, shape and hash for {name}");
        var bytes = ReadEntry(entry, path, ExpectedBytes(recorded));
        if (Hash(bytes) != recorded.Sha256)
            throw new DataFormatException(path, -1, $"{name}: its SHA-256 differs from the one {StateEntry} records; the array was changed or damaged");
        var array = Npy.Read(bytes, $"{path}:{name}");
        if (NpyHeader.Descr(array.DType) != recorded.Dtype || !array.Shape.SequenceEqual(recorded.Shape))
            throw new DataFormatException(path, -1, $"{name}: {NpyHeader.Descr(array.DType)} {NpyArray.FormatShape(array.Shape)} differs from {recorded.Dtype} {NpyArray.FormatShape(recorded.Shape)} in {StateEntry}");
        if (array.ToDoubleArray().Any(v => !double.IsFinite(v)))
            throw new DataFormatException(path, -1, $"{name} holds NaN or infinite values; a checkpoint is only written with finite weights, so the file is damaged");
        return array;
    }

    private static ZipArchive Open(string path)
    {
        if (Directory.Exists(path))
            throw new DataFormatException(path, -1, "is a directory where the checkpoint file belongs");
        long length = InputFile.RequireRegular(path);
        if (length > MemoryBudget.MaxDataBytes)
            throw new DataFormatException(path, 0, $"is {length} bytes, more than the {MemoryBudget.MaxDataBytes} bytes EquiDyn reads on this machine");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            file.Dispose();
            throw new DataFormatException(path, -1, $"is not a zip archive (.npz) ({e.Message})");
        }
    }

    private static CheckpointState ReadState(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(StateEntry) ?? throw new DataFormatException(path, -1, $"has no {StateEntry}");
        var state = RunFiles.ParseJson<CheckpointState>(ReadEntry(entry, path, null, MaxStateBytes), $"{path}:{StateEntry}", "a checkpoint state (phase, epoch, step, randomState, completed, csvLengths, arrays)");
        string at = $"{path}:{StateEntry}";
        if (state.Format != CurrentFormat)
            throw new DataFormatException(at, -1, $"format {state.Format} is not {CurrentFormat}: the checkpoint was written by another EquiDyn version or edited");
        if (string.IsNullOrEmpty(state.Phase)) throw new DataFormatException(at, -1, "phase is missing");
        if (state.Epoch < 0) throw new DataFormatException(at, -1, $"epoch {state.Epoch} is negative");
        if (state.Step < 0) throw new DataFormatException(at, -1, $"step {state.Step} is negative");
        if (state.CsvLengths is null || state.CsvLengths.Values.Any(v => v < 0))
            throw new DataFormatException(at, -1, "csvLengths is missing or negative: the CSV rows it covers are unknown");
        if (state.Arrays is not { Count: > 0 }) throw new DataFormatException(at, -1, "arrays (dtype, shape and hash of every array) is missing");
        foreach (var (name, a) in state.Arrays)
            if (a is null || a.Dtype is not ("<f4" or "<f8") || a.Shape is null || a.Shape.Any(d => d < 0) || a.Sha256 is not { Length: 64 })
                throw new DataFormatException(at, -1, $"arrays.{name} is not a float32/float64 array record with a shape and a SHA-256");
        return state;
    }

    private static long ExpectedBytes(CheckpointArray a)
    {
        long bytes = a.Dtype == "<f8" ? 8 : 4;
        foreach (var d in a.Shape)
        {
            bytes *= d;
            if (bytes > MemoryBudget.MaxDataBytes) return MemoryBudget.MaxDataBytes;
        }
        return bytes;
    }

    /// <summary>An entry's bytes: its declared size checked first, read through a capped stream, CRC-32 verified.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, string path, long? expectedData, long? cap = null)
    {
        string at = $"{path}:{entry.FullName}";
        if (entry.IsEncrypted) throw new DataFormatException(at, -1, "is encrypted; checkpoints are never encrypted");
        // An .npy header takes at most a few hundred bytes here (one short dict): allow 4 KiB of header.
        long limit = cap ?? Math.Min(MemoryBudget.MaxDataBytes, (expectedData ?? 0) + 4096);
        if (entry.Length > limit)
            throw new DataFormatException(at, -1, $"declares {entry.Length} bytes, more than the {limit} it can hold");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        try
        {
            InputFile.CopyCapped(stream, buffer, Math.Min(limit, entry.Length), at);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(at, -1, $"compressed data is corrupt ({e.Message})");
        }
        var bytes = buffer.ToArray();
        if (bytes.Length != entry.Length)
            throw new DataFormatException(at, bytes.Length, $"holds {bytes.Length} bytes, not the {entry.Length} its zip header declares");
        if (Crc32.HashToUInt32(bytes) != entry.Crc32)
            throw new DataFormatException(at, -1, "fails its zip CRC-32 check: the file is damaged");
        return bytes;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static NpyArray ToNpy(Tensor t)
    {
        var shape = t.shape.Select(s => (int)s).ToArray();
        using var c = t.detach().contiguous();
        return t.dtype == ScalarType.Float64
            ? NpyArray.Of(c.data<double>().ToArray(), shape)
            : NpyArray.Of(c.to_type(ScalarType.Float32).data<float>().ToArray(), shape);
    }
}

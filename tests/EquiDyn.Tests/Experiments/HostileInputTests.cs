using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using EquiDyn.Data;
using EquiDyn.Experiments;
using EquiDyn.Tests.Data;
using EquiDyn.Tests.Support;

namespace EquiDyn.Tests.Experiments;

/// <summary>One sweep stopped inside its Aug phase (float64, tiny), made once and copied by every test that damages it.</summary>
public sealed class InterruptedSweep : IDisposable
{
    private readonly TempDirectory _root = new();

    public InterruptedSweep()
    {
        Directory = Path.Combine(_root.Path, "sweep");
        var spec = Spec(Directory);
        using var data = ExperimentData.Load(spec.Dataset);
        // 2 Equi epochs + 1 Aug epoch: the run cross-seed3 has an Aug checkpoint at epoch 1.
        Assert.Throws<RunStoppedException>(() => new ExperimentRunner(spec, Directory) { StopAfterEpochs = 3 }.Run(data, Shard.All));
    }

    /// <summary>The tiny float64 spec (float64: its convolutions are deterministic run to run).</summary>
    public static ExperimentSpec Spec(string directory) => RunnerTests.Tiny(directory) with
    {
        Dtype = Precision.Float64,
        Arms = new() { new ArmSpec { Name = "cross", Support = "cross", Augmentation = AugmentationKind.OrbitDataset } },
    };

    public string Directory { get; }

    /// <summary>A fresh copy of the sweep under <paramref name="parent"/>.</summary>
    public string CopyTo(string parent)
    {
        var target = Path.Combine(parent, "sweep");
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }

    public void Dispose() => _root.Dispose();
}

/// <summary>Bad input costs one line and nothing else (issue #11): generated malformed specs, IDX, .npy and checkpoints
/// never let an exception escape the CLI, always give the documented exit code, and leave every file that existed
/// before byte-identical.</summary>
public class HostileInputTests(InterruptedSweep sweep) : IClassFixture<InterruptedSweep>
{
    private static Dictionary<string, byte[]> Snapshot(string root) =>
        System.IO.Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.ReadAllBytes);

    private static void AssertUnchanged(Dictionary<string, byte[]> before)
    {
        foreach (var (path, bytes) in before)
        {
            Assert.True(File.Exists(path), $"{path} was deleted");
            Assert.True(bytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)), $"{path} was changed");
        }
    }

    private static void AssertOneLine(string err, int exit, params int[] allowed)
    {
        Assert.Contains(exit, allowed);
        var last = err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        Assert.StartsWith("equidyn ", last);
        Assert.DoesNotContain("   at ", err);
    }

    private static readonly object?[] HostileValues =
        [null, -1, 0, 2147483647, 2e9, 1e308, -1e308, "abc", "", new JsonArray(), new JsonObject(), true, "000,000,000", 1.5];

    private static readonly string[] Fields =
    [
        "dataset.imageSize", "dataset.syntheticTrain", "dataset.name", "architecture.hidden", "architecture.classes",
        "augmentedPhase.learningRate", "augmentedPhase.batchSize", "augmentedPhase.epochs", "equivariantPhase.epochs",
        "seeds", "arms", "evaluationBatchSize", "dtype", "group", "kind", "output",
    ];

    /// <summary>A spec with one field set to a hostile value, cut short, or with its bytes garbled.</summary>
    private static readonly Gen<string> MalformedSpec = Gen.OneOf(
        Gen.Select(Gen.Int[0, Fields.Length - 1], Gen.Int[0, HostileValues.Length - 1], (f, v) =>
        {
            var node = JsonNode.Parse(InterruptedSweep.Spec("unused").ToJson())!.AsObject();
            var path = Fields[f].Split('.');
            var parent = path.Length == 2 ? node[path[0]]!.AsObject() : node;
            parent[path[^1]] = HostileValues[v] switch { null => null, JsonNode n => n.DeepClone(), var x => JsonValue.Create(x) };
            return node.ToJsonString();
        }),
        Gen.Int[1, 400].Select(cut => { var text = InterruptedSweep.Spec("unused").ToJson(); return text[..Math.Min(cut, text.Length - 2)]; }),
        Gen.Byte.Array[0, 200].Select(bytes => Encoding.Latin1.GetString(bytes)),
        Gen.Const("""{ "preset": "mnist-c4", "seeds": [0], "seeds": [1] }"""),
        Gen.Const("""{ "preset": "mnist-c4", "arms": [null] }"""),
        Gen.Const("""{ "preset": "mnist-c4", "arms": [{ "support": "cross" }] }"""));

    [Fact]
    public void MalformedSpecsGiveOneLineAndExitCode2AndTouchNothing()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("keep.txt"), "a result");
        var before = Snapshot(dir.Path);
        MalformedSpec.Sample(text =>
        {
            var spec = dir.File("spec.json");
            File.WriteAllText(spec, text);
            // A spec that happens to be valid loads its data and stops before training (exit 4).
            var (exit, _, err) = CliRunner.Run("run", spec, "--out", dir.File("out"), "--stop-after-epochs", "0", "--plain");
            AssertOneLine(err, exit, 2, 4);
            File.Delete(spec);
            if (System.IO.Directory.Exists(dir.File("out"))) System.IO.Directory.Delete(dir.File("out"), true);
            AssertUnchanged(before);
        }, iter: 60, threads: 1);
    }

    /// <summary>A valid IDX image file (3 images of 2×2), possibly gzipped, with one byte changed, cut or appended.</summary>
    private static readonly Gen<byte[]> MalformedIdx = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 30], Gen.Byte, Gen.Bool, (how, at, value, gzipped) =>
    {
        byte[] valid = [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        var bytes = how switch
        {
            0 => valid.Select((b, i) => i == at % valid.Length ? value : b).ToArray(),
            1 => valid[..(at % valid.Length)],
            2 => [.. valid, value],
            _ => valid.Select((b, i) => i is >= 4 and < 16 && i % 4 == at % 4 ? value : b).ToArray(),
        };
        if (!gzipped) return bytes;
        using var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest)) gz.Write(bytes);
        return output.ToArray();
    });

    [Fact]
    public void MalformedIdxFilesAreRefusedWithTheFileAndOffset()
    {
        using var dir = new TempDirectory();
        var path = dir.File("images");
        MalformedIdx.Sample(bytes =>
        {
            File.WriteAllBytes(path, bytes);
            try
            {
                var array = Idx.ReadImages(path);
                Assert.Equal(array.Shape.Aggregate(1L, (a, b) => a * b), array.Data.Length);
            }
            catch (DataFormatException e)
            {
                Assert.StartsWith(path + ": ", e.Message);
                Assert.DoesNotContain('\n', e.Message);
            }
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void MalformedNpyFilesAreRefusedWithTheFileAndOffset()
    {
        using var dir = new TempDirectory();
        var path = dir.File("a.npy");
        var valid = Npy.ToBytes(NpyArray.Of(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3));
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, valid.Length - 1], Gen.Byte, (how, at, value) => how switch
        {
            0 => valid.Select((b, i) => i == at ? value : b).ToArray(),
            1 => valid[..at],
            _ => [.. valid, value],
        }).Sample(bytes =>
        {
            File.WriteAllBytes(path, bytes);
            try
            {
                Npy.Read(path);
            }
            catch (DataFormatException e)
            {
                Assert.StartsWith(path + ": ", e.Message);
            }
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void DamagedCheckpointsAreRefusedOnResumeAndNothingIsChanged()
    {
        using var dir = new TempDirectory();
        var original = File.ReadAllBytes(Path.Combine(sweep.Directory, "cross-seed3", "checkpoint.npz"));
        // Flip, cut or extend the checkpoint at a random byte; every damage that matters must be caught.
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, original.Length - 1], Gen.Byte[1, 255], (how, at, x) => how switch
        {
            0 => original.Select((b, i) => i == at ? (byte)(b ^ x) : b).ToArray(),
            1 => original[..at],
            _ => [.. original, x],
        }).Sample(bytes =>
        {
            var work = dir.File(Guid.NewGuid().ToString("N"));
            var copy = sweep.CopyTo(work);
            File.WriteAllBytes(Path.Combine(copy, "cross-seed3", "checkpoint.npz"), bytes);
            var before = Snapshot(work);
            var (exit, _, err) = CliRunner.Run("run", "--resume", copy, "--stop-after-epochs", "0", "--plain");
            // Harmless damage (a zip timestamp, say) resumes (exit 4 at the requested stop); anything else is exit 2.
            AssertOneLine(err, exit, 2, 4);
            if (exit == 2) AssertUnchanged(before);
            System.IO.Directory.Delete(work, true);
        }, iter: 25, threads: 1);
    }

    [Theory]
    [InlineData("checkpoint deleted")]
    [InlineData("checkpoint is a directory")]
    [InlineData("state without csvLengths")]
    [InlineData("epoch 999")]
    [InlineData("epoch -5")]
    [InlineData("step -100")]
    [InlineData("weights int64")]
    [InlineData("weights NaN")]
    [InlineData("metrics.csv shorter")]
    [InlineData("encrypted flag")]
    public void ADamagedRunIsRefusedWithOneLineAndKeepsEveryFile(string damage)
    {
        using var dir = new TempDirectory();
        var copy = sweep.CopyTo(dir.Path);
        var run = Path.Combine(copy, "cross-seed3");
        var checkpoint = Path.Combine(run, "checkpoint.npz");
        switch (damage)
        {
            case "checkpoint deleted": File.Delete(checkpoint); break;
            case "checkpoint is a directory": File.Delete(checkpoint); System.IO.Directory.CreateDirectory(checkpoint); break;
            case "state without csvLengths": EditState(checkpoint, s => s.Remove("csvLengths")); break;
            case "epoch 999": EditState(checkpoint, s => s["epoch"] = 999); break;
            case "epoch -5": EditState(checkpoint, s => s["epoch"] = -5); break;
            case "step -100": EditState(checkpoint, s => s["step"] = -100); break;
            case "weights int64": EditEntry(checkpoint, "conv1.npy", b => Npy.ToBytes(NpyArray.Of(new long[Npy.Read(b, "x").Data.Length], Npy.Read(b, "x").Shape))); break;
            case "weights NaN": EditEntry(checkpoint, "conv1.npy", b => Npy.ToBytes(NpyArray.Of(Npy.Read(b, "x").ToDoubleArray().Select(_ => double.NaN).ToArray(), Npy.Read(b, "x").Shape))); break;
            case "metrics.csv shorter": File.WriteAllBytes(Path.Combine(run, "metrics.csv"), File.ReadAllBytes(Path.Combine(run, "metrics.csv"))[..40]); break;
            case "encrypted flag":
                var bytes = File.ReadAllBytes(checkpoint);
                bytes[6] |= 1; // general-purpose flag bit 0 (encrypted) of the first local header
                int central = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8);
                bytes[central + 8] |= 1; // and of its central-directory record
                File.WriteAllBytes(checkpoint, bytes);
                break;
        }
        var before = Snapshot(dir.Path);
        var (exit, _, err) = CliRunner.Run("run", "--resume", copy, "--plain");
        Assert.True(exit == 2, err);
        AssertOneLine(err, exit, 2);
        AssertUnchanged(before);
        Assert.Contains("cross-seed3", err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last());
    }

    [Fact]
    public void MergeRefusesToWriteOverARunsFiles()
    {
        using var dir = new TempDirectory();
        var copy = sweep.CopyTo(dir.Path);
        // Finish the sweep so that it holds a complete run.
        var (done, _, doneErr) = CliRunner.Run("run", "--resume", copy, "--plain");
        Assert.True(done == 0, doneErr);
        var before = Snapshot(dir.Path);
        foreach (var target in new[] { Path.Combine(copy, "cross-seed3", "summary.json"), Path.Combine(copy, "cross-seed3", "notes.json"), copy, "/dev/null" })
        {
            var (exit, _, err) = CliRunner.Run("merge", copy, "--out", target);
            Assert.True(exit == 2, $"{target}: {exit} {err}");
            AssertOneLine(err, exit, 2);
            AssertUnchanged(before);
        }
        var (ok, _, okErr) = CliRunner.Run("merge", copy, "--out", dir.File("merged.json"));
        Assert.True(ok == 0, okErr);
    }

    [Fact]
    public void LabelsOutsideTheClassesAreRefusedAtLoad()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("images"), [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 1, 7, 9]);
        File.WriteAllBytes(dir.File("labels"), [0, 0, 8, 1, 0, 0, 0, 2, 3, 10]);
        var e = Assert.Throws<DataFormatException>(() => Mnist.Load(dir.File("images"), dir.File("labels")));
        Assert.Equal($"{dir.File("labels")}: label 10 of sample 1 is outside the 10 classes 0–9 (at byte 9)", e.Message);
    }

    [Fact]
    public void AGzipBombBehindAValidHeaderIsRefusedWithoutInflatingIt()
    {
        using var dir = new TempDirectory();
        var path = dir.File("images.gz");
        using (var file = File.Create(path))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        {
            gz.Write([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4]);
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 256; i++) gz.Write(zeros); // 256 MiB of zeros after the declared data
        }
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<DataFormatException>(() => Idx.ReadImages(path));
        Assert.Contains("trailing data", e.Message);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 16 << 20, "the stream was inflated past its header's data");
    }

    [Fact]
    public void FifosAndDevicesAreRefusedBeforeTheyAreOpened()
    {
        using var dir = new TempDirectory();
        var fifo = dir.File("spec.json");
        System.Diagnostics.Process.Start("mkfifo", fifo)!.WaitForExit();
        var (exit, _, err) = CliRunner.Run("run", fifo, "--out", dir.File("out"));
        Assert.Equal(2, exit);
        Assert.Contains("FIFO", err);
        var link = dir.File("labels");
        File.CreateSymbolicLink(link, "/dev/zero");
        Assert.Contains("/dev/zero", Assert.Throws<DataFormatException>(() => Idx.ReadLabels(link)).Message);
    }

    [Fact]
    public void TheRootHelpListsEveryExitCode()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "EquiDyn.Cli.dll"));
        start.ArgumentList.Add("--help");
        using var child = System.Diagnostics.Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        foreach (var code in new[] { "0 done", "1 data unavailable", "2 bad input", "3 training diverged", "4 stopped", "5 the sweep directory is locked", "6 reading or writing failed", "70 internal error" })
            Assert.Contains(code, output.ReplaceLineEndings(" ").Replace("  ", " "));
    }

    [Fact]
    public void SlurmVariablesThatAreSetButUnreadableAreRefused()
    {
        var e = Assert.Throws<FormatException>(() => Shard.FromEnvironment(k => k == "SLURM_ARRAY_TASK_ID" ? "abc" : "4"));
        Assert.Contains("SLURM_ARRAY_TASK_ID='abc'", e.Message);
    }

    private static void EditEntry(string checkpoint, string name, Func<byte[], byte[]> change)
    {
        using var zip = ZipFile.Open(checkpoint, ZipArchiveMode.Update);
        var entry = zip.GetEntry(name)!;
        byte[] bytes;
        using (var s = entry.Open())
        using (var m = new MemoryStream())
        {
            s.CopyTo(m);
            bytes = m.ToArray();
        }
        entry.Delete();
        using var w = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        w.Write(change(bytes));
    }

    private static void EditState(string checkpoint, Action<JsonObject> change) => EditEntry(checkpoint, "state.json", bytes =>
    {
        var node = JsonNode.Parse(bytes)!.AsObject();
        change(node);
        return Encoding.UTF8.GetBytes(node.ToJsonString());
    });

    internal static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}

using System.Diagnostics;
using EquiDyn.Experiments;
using EquiDyn.Tests.Data;
using EquiDyn.Tests.Support;

namespace EquiDyn.Tests.Experiments;

/// <summary>A sweep directory has one writer at a time, and a real process killed with SIGKILL resumes to the numbers
/// of an uninterrupted run, bit for bit.</summary>
public class LockAndKillTests
{
    [Fact]
    public void ASecondWriterGetsOneLineNamingTheHolderAndAStaleLockIsTakenOver()
    {
        using var dir = new TempDirectory();
        var spec = InterruptedSweep.Spec(dir.Path);
        File.WriteAllText(dir.File("spec.json"), spec.ToJson());
        using (SweepLock.Acquire(dir.Path))
        {
            var (exit, _, err) = CliRunner.Run("run", "--resume", dir.Path, "--plain");
            Assert.Equal(5, exit);
            var last = err.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
            Assert.Contains($"equidyn pid {Environment.ProcessId} on {Environment.MachineName}", last);
            Assert.DoesNotContain("   at ", err);
        }
        // A holder that died (its OS lock is gone) but left its owner file behind: taken over with a note.
        File.WriteAllText(dir.File(SweepLock.OwnerFile), $"pid=999999\nhost={Environment.MachineName}\nstarted=2026-01-01T00:00:00Z\n");
        using (var taken = SweepLock.Acquire(dir.Path))
            Assert.Contains("took over the stale lock of equidyn pid 999999", taken.TakenOver);
        Assert.False(File.Exists(dir.File(SweepLock.OwnerFile)));
    }

    [Fact]
    public async Task TwoConcurrentResumesOfOneDirectoryLeaveItValidAndResumable()
    {
        using var root = new TempDirectory();
        string straight = Path.Combine(root.Path, "straight"), shared = Path.Combine(root.Path, "shared");
        var spec = InterruptedSweep.Spec(straight);
        using (var data = ExperimentData.Load(spec.Dataset))
        {
            new ExperimentRunner(spec, straight).Run(data, Shard.All);
            Assert.Throws<RunStoppedException>(() => new ExperimentRunner(spec with { Output = spec.Output with { Directory = shared } }, shared) { StopAfterEpochs = 1 }.Run(data, Shard.All));
        }
        // Two resumes at once: one runs, the other is refused with exit code 5 and changes nothing.
        var first = Task.Run(() => CliRunner.Run("run", "--resume", shared, "--plain"));
        var second = Task.Run(() => CliRunner.Run("run", "--resume", shared, "--plain"));
        var (a, b) = (await first, await second);
        var exits = new[] { a.Exit, b.Exit }.Order().ToArray();
        Assert.True(exits[0] == 0, a.Err + b.Err);
        Assert.Contains(exits[1], new[] { 0, 5 }); // 0 when the second started after the first finished
        // The directory is complete and valid: resuming again changes nothing, and the numbers are the straight run's.
        var (again, _, againErr) = CliRunner.Run("run", "--resume", shared, "--plain");
        Assert.True(again == 0, againErr);
        AssertSameResults(straight, shared);
    }

    [Fact]
    public void ARunKilledWithSigkillResumesToTheNumbersOfAnUninterruptedRun()
    {
        using var root = new TempDirectory();
        string straight = Path.Combine(root.Path, "straight"), killed = Path.Combine(root.Path, "killed");
        var spec = InterruptedSweep.Spec(straight) with
        {
            EquivariantPhase = new PhaseSpec { Epochs = 3, LearningRate = 0.05, BatchSize = 4 },
            AugmentedPhase = new PhaseSpec { Epochs = 4, LearningRate = 0.05, BatchSize = 4 },
        };
        using (var data = ExperimentData.Load(spec.Dataset))
            new ExperimentRunner(spec, straight).Run(data, Shard.All);
        var specFile = root.File("spec.json");
        File.WriteAllText(specFile, (spec with { Output = spec.Output with { Directory = killed } }).ToJson());

        // A real child process of the built CLI, killed with SIGKILL once the Aug phase has written some rows.
        var cli = Path.Combine(AppContext.BaseDirectory, "EquiDyn.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { cli, "run", specFile, "--plain" }) start.ArgumentList.Add(a);
        using (var child = Process.Start(start)!)
        {
            child.ErrorDataReceived += (_, _) => { };
            child.OutputDataReceived += (_, _) => { };
            child.BeginErrorReadLine();
            child.BeginOutputReadLine();
            var metrics = Path.Combine(killed, "cross-seed3", "metrics.csv");
            var clock = Stopwatch.StartNew();
            while (!child.HasExited && clock.Elapsed < TimeSpan.FromMinutes(3) && !(File.Exists(metrics) && LineCount(metrics) > 8))
                Thread.Sleep(20);
            Assert.False(child.HasExited, "the child finished before it could be killed");
            child.Kill(); // SIGKILL on Unix: no handler runs
            child.WaitForExit();
        }
        Assert.False(File.Exists(Path.Combine(killed, "cross-seed3", "summary.json")));
        var (exit, _, err) = CliRunner.Run("run", "--resume", killed, "--plain");
        Assert.True(exit == 0, err);
        AssertSameResults(straight, killed);
    }

    private static long LineCount(string path)
    {
        try
        {
            using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            long n = 0;
            int b;
            while ((b = s.ReadByte()) >= 0) if (b == '\n') n++;
            return n;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Every CSV (timings aside), array and summary of two sweeps is identical.</summary>
    internal static void AssertSameResults(string a, string b)
    {
        foreach (var run in Directory.GetDirectories(a).Select(Path.GetFileName))
        {
            string x = Path.Combine(a, run!), y = Path.Combine(b, run!);
            Assert.Equal(File.ReadAllText(Path.Combine(x, "metrics.csv")), File.ReadAllText(Path.Combine(y, "metrics.csv")));
            Assert.Equal(WithoutSeconds(Path.Combine(x, "epochs.csv")), WithoutSeconds(Path.Combine(y, "epochs.csv")));
            foreach (var npy in Directory.GetFiles(x, "*.npy"))
                Assert.Equal(File.ReadAllBytes(npy), File.ReadAllBytes(Path.Combine(y, Path.GetFileName(npy))));
            var state = Checkpoint.ReadState(Path.Combine(y, "checkpoint.npz"));
            Assert.Equal(Checkpoint.ReadState(Path.Combine(x, "checkpoint.npz")).Arrays!.Values.Select(v => v.Sha256), state.Arrays!.Values.Select(v => v.Sha256));
        }
    }

    private static string WithoutSeconds(string epochsCsv) =>
        string.Join("\n", File.ReadAllLines(epochsCsv).Select(l => string.Join(',', l.Split(',')[..^1])));
}

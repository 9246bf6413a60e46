using EquiDyn.Tests.Support;
using EquiDyn.Experiments;
using EquiDyn.Tests.Data;

namespace EquiDyn.Tests.Experiments;

public class ShardAndMergeTests
{
    private static ExperimentSpec Spec(int seeds) => ExperimentPresets.Get("mnist-c4", "quick") with
    {
        Seeds = Enumerable.Range(0, seeds).Select(i => (long)i).ToList(),
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(30, 4)]
    [InlineData(5, 7)]
    public void ShardsPartitionTheSweepAndKeepSharedEquiPhasesTogether(int seeds, int shards)
    {
        var all = RunJob.Plan(Spec(seeds));
        Assert.Equal(seeds * 4, all.Count);
        var parts = Enumerable.Range(0, shards).Select(i => new Shard(i, shards).Select(all)).ToList();
        var union = parts.SelectMany(p => p).Select(j => j.DirectoryName).ToList();
        Assert.Equal(all.Count, union.Count);                                   // nothing twice
        Assert.Equal(all.Select(j => j.DirectoryName).Order(), union.Order()); // nothing missing
        foreach (var group in all.GroupBy(j => j.Group))                        // one Equi phase, one shard
            Assert.Single(parts, p => p.Any(j => j.Group == group.Key));
        // cross, non-unitary and cross-exact share the cross Equi phase of their seed
        Assert.Equal(3, all.Count(j => j.Group == "seed0-cross"));
    }

    [Fact]
    public void ShardsParseFromTextAndSlurm()
    {
        Assert.Equal(new Shard(2, 5), Shard.Parse("2/5"));
        Assert.Throws<FormatException>(() => Shard.Parse("5/5"));
        Assert.Throws<FormatException>(() => Shard.Parse("x"));
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "4", ["SLURM_ARRAY_TASK_COUNT"] = "4", ["SLURM_ARRAY_TASK_MIN"] = "1" };
        Assert.Equal(new Shard(3, 4), Shard.FromEnvironment(k => env.GetValueOrDefault(k)));
        Assert.Null(Shard.FromEnvironment(_ => null));
    }

    [Fact]
    public void MergeCombinesShardDirectoriesPerArm()
    {
        using var dir = new TempDirectory();
        void Run(string shard, string arm, long seed, double distance, double accuracy)
        {
            var runDir = Path.Combine(dir.Path, shard, $"{arm}-seed{seed}");
            Directory.CreateDirectory(runDir);
            File.WriteAllText(Path.Combine(runDir, "metrics.csv"), "step\n");
            new RunSummary { Arm = arm, Seed = seed, FinalDistance = distance, MaxDistanceFirstEpoch = 2 * distance, TestAccuracy = accuracy }
                .Write(Path.Combine(runDir, "summary.json"));
        }
        Run("a", "cross", 0, 1e-4, 0.9);
        Run("a", "skew", 0, 1e-2, 0.8);
        Run("b", "cross", 1, 3e-4, 0.7);
        Run("b", "cross", 2, 2e-4, 0.8);
        Run("b", "skew", 1, 3e-2, 0.6);
        var summary = SweepSummary.Merge(new[] { Path.Combine(dir.Path, "a"), Path.Combine(dir.Path, "b") });
        Assert.Equal(5, summary.Runs);
        Assert.Equal(new[] { "cross", "skew" }, summary.Arms.Select(a => a.Arm));
        var cross = summary.Arms[0];
        Assert.Equal(new long[] { 0, 1, 2 }, cross.Seeds);
        Assert.Equal(2e-4, cross.FinalDistance.Median, 1e-15);
        Assert.Equal(1e-4, cross.FinalDistance.Min, 1e-15);
        Assert.Equal(3e-4, cross.FinalDistance.Max, 1e-15);
        Assert.Equal(0.8, cross.TestAccuracy.Median, 1e-15);
        Assert.Equal(2e-2, summary.Arms[1].FinalDistance.Median, 1e-15);

        var (exit, output, _) = CliRunner.Run("merge", Path.Combine(dir.Path, "a"), Path.Combine(dir.Path, "b"), "--out", dir.File("merged.json"));
        Assert.Equal(0, exit);
        Assert.Contains("merged 5 runs", output);
        Assert.Equal(5, SweepSummary.Read(dir.File("merged.json")).Runs);

        Run("c", "cross", 1, 9, 0.1); // overlaps shard b
        Assert.Throws<ArgumentException>(() => SweepSummary.Merge(new[] { Path.Combine(dir.Path, "b"), Path.Combine(dir.Path, "c") }));
        Assert.Equal(2, CliRunner.Run("merge", Path.Combine(dir.Path, "b"), Path.Combine(dir.Path, "c")).Exit);
    }
}

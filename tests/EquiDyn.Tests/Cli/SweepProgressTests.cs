using EquiDyn.Cli.Experiments;
using EquiDyn.Experiments;

namespace EquiDyn.Tests.Cli;

/// <summary>The sweep's position and time-left estimates, on a clock the test moves by hand (nothing is timed).</summary>
public class SweepProgressTests
{
    private static RunJob Job(string arm) => new(new ArmSpec { Name = arm }, 0, "g");

    [Fact]
    public void EstimatesFollowTheRatesSeenSoFar()
    {
        var now = TimeSpan.Zero;
        var p = new SweepProgress(["a-seed0", "b-seed0", "c-seed0"], () => now);
        Assert.Null(p.SweepRemaining);

        // a: 10 steps of 1 s each; after 4 steps 6 remain in the run, and the other 2 runs take 10 s each.
        p.PhaseStarted(Job("a"), "training", epochs: 2, completedEpochs: 0, stepsPerEpoch: 5, transfer: false);
        for (int k = 0; k < 4; k++) { now += TimeSpan.FromSeconds(1); p.Step(Job("a")); }
        Assert.Equal(TimeSpan.FromSeconds(6), p.RunRemaining("a-seed0"));
        Assert.Equal(TimeSpan.FromSeconds(26), p.SweepRemaining);
        Assert.Equal("0 of 3 run(s) done, about 00:00:26 left in the sweep", p.SweepLine());

        for (int k = 0; k < 6; k++) { now += TimeSpan.FromSeconds(1); p.Step(Job("a")); }
        p.EpochCompleted(Job("a"), 2);
        Assert.Equal(TimeSpan.FromSeconds(10), p.RunCompleted(Job("a")));
        Assert.Equal(1, p.Done);
        Assert.Equal(TimeSpan.FromSeconds(20), p.SweepRemaining); // two runs at the measured 10 s each

        // b was complete on disk (a resume): it costs nothing and is not the current run.
        Assert.Null(p.RunCompleted(Job("b")));
        Assert.Equal(2, p.Done);
        Assert.Equal(TimeSpan.FromSeconds(10), p.SweepRemaining);
        Assert.Equal("2 of 3 run(s) complete", p.WhereLine());
    }

    [Fact]
    public void AResumedPhaseCountsOnlyTheStepsOfThisProcessTowardsTheRate()
    {
        var now = TimeSpan.Zero;
        var p = new SweepProgress(["a-seed0"], () => now);
        p.PhaseStarted(Job("a"), "augmented", epochs: 4, completedEpochs: 2, stepsPerEpoch: 5, transfer: true);
        Assert.Equal(0.5, p.RunFraction("a-seed0"));
        now += TimeSpan.FromSeconds(2);
        p.Step(Job("a"));
        p.Step(Job("a"));
        Assert.Equal(TimeSpan.FromSeconds(8), p.RunRemaining("a-seed0")); // 8 steps left at 1 s per step
        Assert.Equal("run 1 of 1 (a-seed0), augmented phase, last checkpoint after epoch 2 of 4; 0 of 1 run(s) complete", p.WhereLine());
    }

    [Fact]
    public void ATransferRunsEquiPhaseIsHalfTheRun()
    {
        var now = TimeSpan.Zero;
        var p = new SweepProgress(["a-seed0"], () => now);
        p.PhaseStarted(Job("a"), "equivariant", epochs: 1, completedEpochs: 0, stepsPerEpoch: 4, transfer: true);
        now += TimeSpan.FromSeconds(2);
        p.Step(Job("a"));
        p.Step(Job("a"));
        Assert.Equal(0.25, p.RunFraction("a-seed0"));
        Assert.Equal(TimeSpan.FromSeconds(6), p.RunRemaining("a-seed0")); // 2 Equi steps and an Aug phase of 4, at 1 s per step
        Assert.Equal("run 1 of 1 (a-seed0), equivariant phase, in epoch 1 of 1 (nothing checkpointed in this phase yet); 0 of 1 run(s) complete", p.WhereLine());
    }

    [Fact]
    public void RunsTrainedAtOnceShareTheWorkLeft()
    {
        var now = TimeSpan.Zero;
        var p = new SweepProgress(["a-seed0", "b-seed0", "c-seed0", "d-seed0"], () => now, runsAtOnce: 2);
        // a and b train side by side: 10 steps each at 1 s per step (both advance in the same second).
        p.PhaseStarted(Job("a"), "training", epochs: 1, completedEpochs: 0, stepsPerEpoch: 10, transfer: false);
        p.PhaseStarted(Job("b"), "training", epochs: 1, completedEpochs: 0, stepsPerEpoch: 10, transfer: false);
        Assert.Equal(["a-seed0", "b-seed0"], p.Training);
        for (int k = 0; k < 4; k++) { now += TimeSpan.FromSeconds(1); p.Step(Job("a")); p.Step(Job("b")); }
        Assert.Equal(TimeSpan.FromSeconds(6), p.RunRemaining("a-seed0"));
        Assert.Equal(0.8, p.TrainingFraction, 12);
        // Work left: 6 + 6 s in a and b, 10 s each for c and d (the mean of a whole run so far), on 2 workers.
        Assert.Equal(TimeSpan.FromSeconds(16), p.SweepRemaining);
        Assert.Equal("run 1 of 4 (a-seed0), training phase, in epoch 1 of 1 (nothing checkpointed in this phase yet) and " +
                     "run 2 of 4 (b-seed0), training phase, in epoch 1 of 1 (nothing checkpointed in this phase yet); 0 of 4 run(s) complete", p.WhereLine());
        for (int k = 0; k < 6; k++) { now += TimeSpan.FromSeconds(1); p.Step(Job("a")); p.Step(Job("b")); }
        p.RunCompleted(Job("a"));
        Assert.Equal(["b-seed0"], p.Training);
        Assert.Equal(1, p.Done);
    }

    [Fact]
    public void TimesAreWrittenAsHoursMinutesSeconds() =>
        Assert.Equal("26:03:04", SweepProgress.Format(new TimeSpan(1, 2, 3, 4)));
}

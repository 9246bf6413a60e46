namespace EquiDyn.Experiments;

/// <summary>How a sweep uses the machine's cores: how many runs train at once and how many libtorch threads each
/// run gets.</summary>
/// <remarks>
/// <para>Independent runs on separate cores scale almost perfectly, while one small run on two libtorch threads
/// gains far less (docs/performance.md measures 1.2–1.5× for the main CNN on two cores), so a sweep with several
/// groups of runs (the runs that share one Equi phase, <see cref="RunJob.Group"/>) fills the cores with one-thread
/// runs, and a single run gets every core.</para>
/// <para>The numbers of a run do not depend on how many runs train beside it: every random choice derives from the
/// run's seed. They do depend, in the last float32 bits, on its own thread count (libtorch may split a sum between
/// threads), which <see cref="ThreadsPerRun"/> fixes and every run's spec.json records.</para>
/// </remarks>
/// <param name="RunsAtOnce">Runs trained at the same time (≥ 1).</param>
/// <param name="ThreadsPerRun">libtorch threads of each run (≥ 1).</param>
public readonly record struct SweepParallelism(int RunsAtOnce, int ThreadsPerRun)
{
    /// <summary>Chooses the split.</summary>
    /// <param name="cores">Cores the sweep may use (every core, or <c>EQUIDYN_THREADS</c>).</param>
    /// <param name="groups">Groups of runs left to train (runs sharing an Equi phase train one after another).</param>
    /// <param name="threads">The user's thread count per run, if given (<c>--threads</c> or the spec's
    /// <c>threads</c>).</param>
    /// <param name="runsAtOnce">The user's number of runs at once, if given (<c>--jobs</c>).</param>
    /// <returns>Without either: min(cores, groups) runs, sharing the cores evenly. With threads: as many runs as fit
    /// on the cores at that thread count. With runs: that many (at most one per group), sharing the cores evenly
    /// unless threads are given too.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1.</exception>
    public static SweepParallelism Choose(int cores, int groups, int? threads = null, int? runsAtOnce = null)
    {
        if (cores < 1) throw new ArgumentOutOfRangeException(nameof(cores), cores, "at least one core");
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "the thread count must be at least 1");
        if (runsAtOnce < 1) throw new ArgumentOutOfRangeException(nameof(runsAtOnce), runsAtOnce, "the number of runs at once must be at least 1");
        int most = Math.Max(1, groups);
        int runs = Math.Min(most, runsAtOnce ?? Math.Max(1, cores / (threads ?? 1)));
        return new SweepParallelism(runs, threads ?? Math.Max(1, cores / runs));
    }

    /// <summary>"2 runs at once, 1 thread each" (for logs and the sweep summary).</summary>
    public override string ToString() =>
        $"{RunsAtOnce} run{(RunsAtOnce == 1 ? "" : "s")} at once, {ThreadsPerRun} thread{(ThreadsPerRun == 1 ? "" : "s")} each";
}

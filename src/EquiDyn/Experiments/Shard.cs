using EquiDyn.Runs;

namespace EquiDyn.Experiments;

/// <summary>One part of a sweep split across machines: shard <see cref="Index"/> (0-based) of <see cref="Count"/>.</summary>
/// <remarks>The unit of assignment is a <see cref="RunJob.Group"/> — the runs that share one Equi phase — so no two
/// shards ever train the same equivariant model. Groups are dealt round-robin in sweep order: group g goes to shard
/// g mod n, so every run lands in exactly one shard.</remarks>
/// <param name="Index">This shard, 0 … Count − 1.</param>
/// <param name="Count">Number of shards (≥ 1).</param>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole sweep.</summary>
    public static Shard All => new(0, 1);

    /// <summary>Parses "i/n" (0 ≤ i &lt; n).</summary>
    /// <exception cref="FormatException">The text is not of that form; the message says what is expected.</exception>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out int i) && int.TryParse(parts[1], out int n) && n >= 1 && i >= 0 && i < n)
            return new Shard(i, n);
        throw new FormatException($"'{text}' is not a shard: write i/n with 0 ≤ i < n, e.g. 0/4 … 3/4");
    }

    /// <summary>The shard from SLURM job-array variables (SLURM_ARRAY_TASK_ID relative to SLURM_ARRAY_TASK_MIN, of
    /// SLURM_ARRAY_TASK_COUNT), or null when they are not set.</summary>
    public static Shard? FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? idText = getVariable("SLURM_ARRAY_TASK_ID"), countText = getVariable("SLURM_ARRAY_TASK_COUNT"), minText = getVariable("SLURM_ARRAY_TASK_MIN");
        if (string.IsNullOrEmpty(idText)) return null;
        // A set but unreadable variable must not silently run the whole sweep in every task of the array.
        int Number(string name, string? text) => int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int v)
            ? v
            : throw new FormatException($"{name}='{text}' is not a whole number; set it as SLURM does (or unset SLURM_ARRAY_TASK_ID and give --shard i/n)");
        int id = Number("SLURM_ARRAY_TASK_ID", idText);
        int count = Number("SLURM_ARRAY_TASK_COUNT", countText);
        int min = string.IsNullOrEmpty(minText) ? 0 : Number("SLURM_ARRAY_TASK_MIN", minText);
        long index = (long)id - min;
        if (count < 1 || index < 0 || index >= count)
            throw new FormatException($"SLURM_ARRAY_TASK_ID={id} (min {min}) is outside an array of {count} tasks");
        return new Shard((int)index, count);
    }

    /// <summary>The jobs of this shard, in sweep order.</summary>
    public IReadOnlyList<RunJob> Select(IReadOnlyList<RunJob> jobs)
    {
        var groups = jobs.Select(j => j.Group).Distinct().ToList();
        int count = Count, index = Index;
        var mine = new HashSet<string>(groups.Where((_, g) => g % count == index));
        return jobs.Where(j => mine.Contains(j.Group)).ToList();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}

/// <summary>One run of a sweep: an arm trained from one seed.</summary>
/// <param name="Arm">The arm.</param>
/// <param name="Seed">The seed.</param>
/// <param name="Group">The runs sharing one Equi phase have the same group (e.g. <c>seed0-cross</c>).</param>
public sealed record RunJob(ArmSpec Arm, long Seed, string Group)
{
    /// <summary>The run's directory name: <c>&lt;arm&gt;-seed&lt;k&gt;</c>.</summary>
    public string DirectoryName => RunLayout.RunDirectoryName(Arm.Name, Seed);

    /// <summary>All runs of a spec in sweep order (seed-major, then arms in spec order).</summary>
    public static IReadOnlyList<RunJob> Plan(ExperimentSpec spec) =>
        spec.Seeds.SelectMany(seed => spec.Arms.Select(arm => new RunJob(arm, seed,
            spec.Kind == ExperimentKind.Transfer && spec.Output.ShareEquivariantPhase
                ? $"seed{seed}-{RunLayout.SupportKey(arm.Support)}"
                : $"seed{seed}-{arm.Name}"))).ToList();
}

namespace EquiDyn.Analysis;

/// <summary>The built-in <see cref="StabilityProblem"/> providers, by name (the CLI's <c>--example</c>).</summary>
public static class StabilityExamples
{
    private static readonly Dictionary<string, Func<StabilityProblem>> Factories = new(StringComparer.Ordinal)
    {
        [CounterexampleProblem.Name] = CounterexampleProblem.Create,
    };

    /// <summary>The known example names.</summary>
    public static IReadOnlyCollection<string> Names => Factories.Keys;

    /// <summary>Creates the named example, or returns false for an unknown name.</summary>
    public static bool TryCreate(string name, out StabilityProblem? problem)
    {
        problem = Factories.TryGetValue(name, out var factory) ? factory() : null;
        return problem is not null;
    }
}

namespace EquiDyn.Experiments;

/// <summary>An experiment spec is malformed or invalid. <see cref="Exception.Message"/> is one line:
/// "[file: ]field: problem and fix".</summary>
public sealed class ExperimentSpecException : Exception
{
    /// <summary>Creates the exception for a JSON field (e.g. <c>arms[1].support</c>).</summary>
    public ExperimentSpecException(string field, string problem, string? file = null)
        : base($"{(file is null ? "" : file + ": ")}{field}: {problem}")
    {
        Field = field;
        Problem = problem;
        File = file;
    }

    /// <summary>The JSON field at fault, as a path like <c>augmentedPhase.learningRate</c>.</summary>
    public string Field { get; }

    /// <summary>What is wrong and how to fix it.</summary>
    public string Problem { get; }

    /// <summary>The spec file, when the spec came from one.</summary>
    public string? File { get; }
}

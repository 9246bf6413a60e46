namespace EquiDyn.Cli;

/// <summary>Conventions shared by every command: bad input is one line on stderr and exit code 2.</summary>
public static class Cli
{
    /// <summary>Exit code for invalid input.</summary>
    public const int UsageError = 2;

    /// <summary>Prints "error: …" on stderr and returns <see cref="UsageError"/>.</summary>
    public static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {message}");
        return UsageError;
    }
}

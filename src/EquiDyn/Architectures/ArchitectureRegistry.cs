using EquiDyn.Experiments;

namespace EquiDyn.Architectures;

/// <summary>
/// Every architecture an experiment can name, by <see cref="IArchitecture.Name"/>. Adding one is one class implementing
/// <see cref="IArchitecture"/> and one line in <see cref="Builtin"/> (or a call to <see cref="Register"/> from a
/// program that uses the library); docs/architecture.md shows an example.
/// </summary>
public static class ArchitectureRegistry
{
    private static readonly object Gate = new();
    private static List<IArchitecture> _all = Builtin();

    private static List<IArchitecture> Builtin() =>
    [
        new RotationConvNetArchitecture(),
        new PaperMlpArchitecture(),
    ];

    /// <summary>Every registered architecture, in registration order.</summary>
    public static IReadOnlyList<IArchitecture> All
    {
        get
        {
            lock (Gate) return _all.ToList();
        }
    }

    /// <summary>Every registered name.</summary>
    public static IReadOnlyList<string> Names => All.Select(a => a.Name).ToList();

    /// <summary>The architecture of a name, or false.</summary>
    public static bool TryGet(string? name, out IArchitecture architecture)
    {
        architecture = All.FirstOrDefault(a => a.Name == name)!;
        return architecture is not null;
    }

    /// <summary>The architecture of a name.</summary>
    /// <exception cref="ExperimentSpecException">Unknown name (field <c>architecture.name</c>; the message lists the
    /// registered ones and the closest).</exception>
    public static IArchitecture Get(string? name) =>
        TryGet(name, out var architecture)
            ? architecture
            : throw new ExperimentSpecException("architecture.name", SpecNames.Unknown(name, Names));

    /// <summary>The architecture a spec names.</summary>
    public static IArchitecture Of(ExperimentSpec spec) => Get(spec.Architecture.Name);

    /// <summary>Adds an architecture (a program's own); its name must be new.</summary>
    /// <exception cref="ArgumentException">The name is taken or not kebab case.</exception>
    public static void Register(IArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (string.IsNullOrEmpty(architecture.Name) || !architecture.Name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            throw new ArgumentException($"architecture name '{architecture.Name}' is not kebab case (lower-case letters, digits, '-')", nameof(architecture));
        lock (Gate)
        {
            if (_all.Any(a => a.Name == architecture.Name))
                throw new ArgumentException($"an architecture named '{architecture.Name}' is already registered", nameof(architecture));
            _all = [.. _all, architecture];
        }
    }
}

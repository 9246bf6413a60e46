namespace EquiDyn.Symmetry;

/// <summary>The trivial group {e}: no generators, order 1; with it E = H and nothing is constrained.</summary>
public sealed class TrivialGroup : FiniteGroup
{
    /// <summary>Creates the trivial group.</summary>
    public TrivialGroup()
        : base("trivial", 1, Array.Empty<int[]>(), Array.Empty<string>(), 1, Array.Empty<int[]>())
    {
    }
}

namespace EquiDyn.Analysis;

/// <summary>Which end(s) of a symmetric spectrum an eigen-solver should resolve.</summary>
public enum SpectrumEnd
{
    /// <summary>The algebraically smallest eigenvalues (instability shows up here).</summary>
    Smallest,

    /// <summary>The algebraically largest eigenvalues (the step-size limit η &lt; 2/λ_max shows up here).</summary>
    Largest,

    /// <summary>Both ends.</summary>
    Both,
}

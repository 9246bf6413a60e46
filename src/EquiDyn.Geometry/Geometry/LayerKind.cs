namespace EquiDyn.Geometry;

/// <summary>What a <see cref="LayerSpace"/>'s entries are.</summary>
public enum LayerKind
{
    /// <summary>A dense block W[o, i] from input sites to output sites; entry o·inputSites + i.</summary>
    Dense,

    /// <summary>A convolution kernel's taps (r, c); entry side·r + c. The group acts by moving taps.</summary>
    Kernel,
}

namespace EquiDyn.Data;

/// <summary>What the mask of the shape that is NOT in a SimpleShapes image contains.</summary>
public enum AbsentMask
{
    /// <summary>All zeros: the shape is nowhere. The sensible target, and EquiDyn's default.</summary>
    Zeros,

    /// <summary>
    /// All ones: reproduces the authors' shipped data, where a division by the maximum turned the empty mask into
    /// ones (docs/experiments/rotation.md, "data quirk").
    /// </summary>
    Ones,
}

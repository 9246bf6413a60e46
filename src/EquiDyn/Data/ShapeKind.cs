namespace EquiDyn.Data;

/// <summary>The two SimpleShapes classes; the value is the class label and the target channel of the shape's mask.</summary>
public enum ShapeKind
{
    /// <summary>A regular triangle (label 0, mask channel 0).</summary>
    Triangle = 0,

    /// <summary>A regular pentagon (label 1, mask channel 1).</summary>
    Pentagon = 1,
}

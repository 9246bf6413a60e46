namespace EquiDyn.Data;

/// <summary>The element types EquiDyn reads from and writes to .npy files (all little-endian where it matters).</summary>
public enum NpyDType
{
    /// <summary><c>&lt;f8</c>: IEEE float64, stored as <see cref="double"/>[].</summary>
    Float64,

    /// <summary><c>&lt;f4</c>: IEEE float32, stored as <see cref="float"/>[].</summary>
    Float32,

    /// <summary><c>&lt;i8</c>: signed 64-bit integer, stored as <see cref="long"/>[].</summary>
    Int64,

    /// <summary><c>&lt;i4</c>: signed 32-bit integer, stored as <see cref="int"/>[].</summary>
    Int32,

    /// <summary><c>|u1</c>: unsigned byte, stored as <see cref="byte"/>[].</summary>
    UInt8,

    /// <summary><c>|b1</c>: numpy bool (one byte, 0 or 1), stored as <see cref="bool"/>[].</summary>
    Bool,
}

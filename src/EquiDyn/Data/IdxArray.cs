namespace EquiDyn.Data;

/// <summary>
/// An unsigned-byte array read from an IDX file (the MNIST format): its dimensions and its elements in C order.
/// </summary>
/// <param name="Shape">The dimensions from the file header, e.g. [60000, 28, 28] for images or [60000] for labels.</param>
/// <param name="Data">The elements in C (row-major) order.</param>
public sealed record IdxArray(int[] Shape, byte[] Data);

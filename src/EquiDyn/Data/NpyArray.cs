namespace EquiDyn.Data;

/// <summary>
/// An n-dimensional array as stored in a .npy file: a dtype, a shape and the elements in C (row-major) order in a
/// plain .NET array of the matching element type (<see cref="double"/>[] for <see cref="NpyDType.Float64"/>, ...).
/// The data array is held by reference, not copied.
/// </summary>
public sealed class NpyArray
{
    private NpyArray(NpyDType dtype, int[] shape, Array data)
    {
        foreach (var d in shape)
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
        var count = ElementCountOf(shape);
        if (data.Length != count)
            throw new ArgumentException(
                $"shape ({string.Join(", ", shape)}) needs {count} elements but the data has {data.Length}", nameof(data));
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    /// <summary>The element type.</summary>
    public NpyDType DType { get; }

    /// <summary>The dimensions; empty for a 0-d (scalar) array, whose data then holds one element.</summary>
    public int[] Shape { get; }

    /// <summary>The elements in C order; its runtime type matches <see cref="DType"/>.</summary>
    public Array Data { get; }

    /// <summary>The number of elements (the product of <see cref="Shape"/>, 1 for a scalar).</summary>
    public long ElementCount => Data.Length;

    /// <summary>Wraps float64 data.</summary>
    public static NpyArray Of(double[] data, params int[] shape) => new(NpyDType.Float64, shape, data);

    /// <summary>Wraps float32 data.</summary>
    public static NpyArray Of(float[] data, params int[] shape) => new(NpyDType.Float32, shape, data);

    /// <summary>Wraps int64 data.</summary>
    public static NpyArray Of(long[] data, params int[] shape) => new(NpyDType.Int64, shape, data);

    /// <summary>Wraps int32 data.</summary>
    public static NpyArray Of(int[] data, params int[] shape) => new(NpyDType.Int32, shape, data);

    /// <summary>Wraps uint8 data.</summary>
    public static NpyArray Of(byte[] data, params int[] shape) => new(NpyDType.UInt8, shape, data);

    /// <summary>Wraps bool data.</summary>
    public static NpyArray Of(bool[] data, params int[] shape) => new(NpyDType.Bool, shape, data);

    /// <summary>Creates a zero-filled array of the given dtype and shape.</summary>
    public static NpyArray Zeros(NpyDType dtype, params int[] shape)
    {
        var n = checked((int)ElementCountOf(shape));
        return dtype switch
        {
            NpyDType.Float64 => Of(new double[n], shape),
            NpyDType.Float32 => Of(new float[n], shape),
            NpyDType.Int64 => Of(new long[n], shape),
            NpyDType.Int32 => Of(new int[n], shape),
            NpyDType.UInt8 => Of(new byte[n], shape),
            NpyDType.Bool => Of(new bool[n], shape),
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, null),
        };
    }

    /// <summary>The elements converted to float64 (a copy; bool becomes 0/1).</summary>
    public double[] ToDoubleArray() => Data switch
    {
        double[] d => (double[])d.Clone(),
        float[] f => Array.ConvertAll(f, v => (double)v),
        long[] l => Array.ConvertAll(l, v => (double)v),
        int[] i => Array.ConvertAll(i, v => (double)v),
        byte[] b => Array.ConvertAll(b, v => (double)v),
        bool[] z => Array.ConvertAll(z, v => v ? 1.0 : 0.0),
        _ => throw new InvalidOperationException($"unexpected data type {Data.GetType()}"),
    };

    /// <summary>The elements converted to float32 (a copy; float64 is rounded to nearest).</summary>
    public float[] ToSingleArray() => Data switch
    {
        float[] f => (float[])f.Clone(),
        _ => Array.ConvertAll(ToDoubleArray(), v => (float)v),
    };

    /// <summary>
    /// The elements as int64 (a copy). Integer and bool dtypes convert exactly; floating-point elements must be
    /// whole numbers (labels saved as floats), otherwise <see cref="InvalidOperationException"/> is thrown.
    /// </summary>
    public long[] ToInt64Array() => Data switch
    {
        long[] l => (long[])l.Clone(),
        int[] i => Array.ConvertAll(i, v => (long)v),
        byte[] b => Array.ConvertAll(b, v => (long)v),
        bool[] z => Array.ConvertAll(z, v => v ? 1L : 0L),
        _ => Array.ConvertAll(ToDoubleArray(), v => v == Math.Floor(v) && Math.Abs(v) < 9.2e18
            ? (long)v
            : throw new InvalidOperationException($"element {v} is not a whole number")),
    };

    /// <summary>The product of the dimensions (1 for the empty shape of a scalar).</summary>
    public static long ElementCountOf(IReadOnlyList<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
            n = checked(n * d);
        return n;
    }

    /// <summary>The shape as numpy prints it, e.g. <c>(3, 4)</c>, <c>(5,)</c> or <c>()</c>.</summary>
    public static string FormatShape(IReadOnlyList<int> shape) => shape.Count switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => "(" + string.Join(", ", shape) + ")",
    };
}

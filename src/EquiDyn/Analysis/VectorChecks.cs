using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>Argument checks shared by the analysis: every vector is a 1-D float64 CPU tensor.</summary>
internal static class VectorChecks
{
    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="vector"/> is 1-D float64 (of the given length).</summary>
    public static void RequireVector(Tensor vector, string name, long? length = null)
    {
        ArgumentNullException.ThrowIfNull(vector, name);
        if (vector.dim() != 1 || vector.dtype != ScalarType.Float64)
            throw new ArgumentException($"Expected a 1-D float64 tensor, got {vector.dtype} of shape [{string.Join(",", vector.shape)}].", name);
        if (length is { } n && vector.shape[0] != n)
            throw new ArgumentException($"Expected length {n}, got {vector.shape[0]}.", name);
    }

    /// <summary>The Euclidean norm of a vector as a double.</summary>
    public static double Norm(Tensor vector) => linalg.vector_norm(vector).item<double>();

    /// <summary>⟨u, v⟩ as a double.</summary>
    public static double Dot(Tensor u, Tensor v) => u.dot(v).item<double>();
}

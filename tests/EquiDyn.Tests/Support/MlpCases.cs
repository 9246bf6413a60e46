using EquiDyn.Nn;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Support;

/// <summary>Inputs and dimension read-outs shared by the MLP architecture tests.</summary>
public static class MlpCases
{
    /// <summary>Six seeded float64 images [6, 1, n, n] with no symmetry.</summary>
    public static Tensor Images(int side, long seed = 5) =>
        randn(new long[] { 6, 1, side, side }, dtype: ScalarType.Float64, generator: new Generator((ulong)seed));

    /// <summary>dim E of the dense, invariant-head and fully connected blocks.</summary>
    public static (int Dense, int Head, int Trivial) Dimensions(MlpGeometry geometry) =>
        (geometry.SitesToSites.Equivariant.Count, geometry.SitesToInvariant.Equivariant.Count, geometry.InvariantToInvariant.Equivariant.Count);
}

using EquiDyn.Geometry;

namespace EquiDyn.Nn;

/// <summary>
/// The symmetry geometry of one layer's channel-pair block, as orthonormal bases usable on tensors:
/// E (equivariant blocks), L (admissible blocks) and E∩L.
/// </summary>
/// <remarks>
/// All three bases are orthonormal, so Π_E, Π_L and Π_{E∩L} are <see cref="BlockBasis.Project"/> of the respective
/// basis. Distances to E∩L, projected gradients and the theorem checks are all expressed through these projections.
/// Built by <see cref="From"/> from the exact float64 analysis of <c>EquiDyn.Geometry</c>.
/// </remarks>
/// <param name="Equivariant">Orthonormal basis of E (normalised orbit indicators).</param>
/// <param name="Admissible">Orthonormal basis of L.</param>
/// <param name="Intersection">Orthonormal basis of E∩L.</param>
/// <param name="IsCompatible">Whether Π_LΠ_E = Π_EΠ_L (the paper's compatibility condition).</param>
public sealed record BlockGeometry(BlockBasis Equivariant, BlockBasis Admissible, BlockBasis Intersection, bool IsCompatible)
{
    /// <summary>
    /// Converts an exact analysis into tensor bases: orbit bases (gather/scatter, any size) wherever the subspace is
    /// spanned by orbit or entry indicators, dense matrices otherwise (small blocks only).
    /// </summary>
    public static BlockGeometry From(LayerGeometry geometry)
    {
        int d = geometry.AmbientDimension;
        BlockBasis equivariant = geometry.Equivariant is OrbitAveragingProjector e
            ? new OrbitBlockBasis(e.OrbitIds, e.KeptOrbitMask)
            : Dense(geometry.Equivariant.Basis, d);
        BlockBasis admissible = geometry.AdmissibleSpace.Mask is { } mask
            ? new OrbitBlockBasis(Enumerable.Range(0, d).ToArray(), mask)
            : Dense(geometry.AdmissibleSpace.OrthonormalBasis, d);
        BlockBasis intersection = geometry.Intersection is OrbitAveragingProjector i
            ? new OrbitBlockBasis(i.OrbitIds, i.KeptOrbitMask)
            : Dense(geometry.Intersection.Basis, d);
        return new BlockGeometry(equivariant, admissible, intersection, geometry.Compatibility.IsCompatible);
    }

    /// <summary>
    /// The tensor form of a parametrization of L: the indicator basis of a support mask (unitary, by gather), or the
    /// explicit vectors B_j of any other <see cref="Parametrization"/>.
    /// </summary>
    public static BlockBasis Parametrize(Parametrization parametrization) => Dense(parametrization.Basis, parametrization.Dimension);

    /// <summary>The unitary indicator basis of a support mask (all of H when every entry is in the support).</summary>
    public static BlockBasis Indicators(bool[] mask) => new OrbitBlockBasis(Enumerable.Range(0, mask.Length).ToArray(), mask);

    private static DenseBlockBasis Dense(IReadOnlyList<double[]> vectors, int d)
    {
        var columns = new double[d, vectors.Count];
        for (int j = 0; j < vectors.Count; j++)
        for (int k = 0; k < d; k++)
            columns[k, j] = vectors[j][k];
        return new DenseBlockBasis(columns);
    }
}

namespace EquiDyn.Nn;

/// <summary>
/// The symmetry geometry of one layer's channel-pair block, as orthonormal bases usable on tensors:
/// E (equivariant blocks), L (admissible blocks) and E∩L.
/// </summary>
/// <remarks>
/// All three bases are orthonormal, so Π_E, Π_L and Π_{E∩L} are <see cref="BlockBasis.Project"/> of the respective
/// basis. Distances to E∩L, projected gradients and the theorem checks are all expressed through these projections.
/// Built from the exact float64 geometry of <c>EquiDyn.Geometry</c> by <c>LayerGeometryFactory</c>.
/// </remarks>
/// <param name="Equivariant">Orthonormal basis of E (normalised orbit indicators).</param>
/// <param name="Admissible">Orthonormal basis of L.</param>
/// <param name="Intersection">Orthonormal basis of E∩L.</param>
/// <param name="IsCompatible">Whether Π_LΠ_E = Π_EΠ_L (the paper's compatibility condition).</param>
public sealed record LayerGeometry(BlockBasis Equivariant, BlockBasis Admissible, BlockBasis Intersection, bool IsCompatible);

namespace EquiDyn.Analysis;

/// <summary>The exact dense cross-check of a small problem (n ≤ <see cref="StabilityOptions.DenseLimit"/>).</summary>
/// <param name="Hessian">The symmetrised augmented Hessian in θ coordinates.</param>
/// <param name="Asymmetry">max|H − Hᵀ|/max|H| before symmetrising (rounding only, ~1e-16, for a C² closure).</param>
/// <param name="Eigenvalues">All eigenvalues of H, ascending.</param>
/// <param name="EquivariantBlock">QᵀHQ in the caller's orthonormal basis Q of 𝓔∩𝓛 (= the Equi Hessian in those unitary
/// coordinates), or null when 𝓔∩𝓛 was given by a projector.</param>
/// <param name="EquivariantEigenvalues">Eigenvalues of the 𝓔∩𝓛 block, ascending.</param>
/// <param name="ComplementEigenvalues">Eigenvalues of the 𝓔^⊥∩𝓛 block, ascending.</param>
public sealed record DenseCheck(
    double[][] Hessian,
    double Asymmetry,
    double[] Eigenvalues,
    double[][]? EquivariantBlock,
    double[] EquivariantEigenvalues,
    double[] ComplementEigenvalues);

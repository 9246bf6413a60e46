namespace EquiDyn.Nn;

/// <summary>How a non-equivariant model parametrizes its admissible layers L (docs/concepts.md).</summary>
public enum KernelBasisKind
{
    /// <summary>The indicator basis of the support (orthonormal: a unitary parametrization, MM* = Π_L).</summary>
    Unitary,
    /// <summary>The paper's random basis b_i = Σ_j c_ij e_j / ‖Σ_j c_ij e_j‖, c ~ N(0,1), drawn once per layer.</summary>
    NonUnitary,
    /// <summary>An orthonormal basis of L that is not a permutation basis: the tap indicators mixed by a seeded random
    /// orthogonal matrix inside each orbit of taps (<see cref="RotatedUnitaryBasis"/>). Unitary like
    /// <see cref="Unitary"/>, but a rotation of the kernel no longer permutes the coordinates.</summary>
    UnitaryRotated,
}

using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>A real symmetric linear operator on ℝⁿ that is only available through its action on vectors (e.g. a Hessian).</summary>
/// <remarks>
/// Contract: <see cref="Apply"/> is linear and self-adjoint, ⟨u, A v⟩ = ⟨A u, v⟩, up to rounding. Vectors are 1-D float64
/// CPU tensors of length <see cref="Dimension"/>. The result is a new tensor owned by the caller's dispose scope; the
/// argument is not modified.
/// </remarks>
public interface ISymmetricOperator
{
    /// <summary>n, the length of the vectors the operator acts on.</summary>
    long Dimension { get; }

    /// <summary>Returns A·v as a new float64 tensor of length <see cref="Dimension"/>.</summary>
    Tensor Apply(Tensor vector);
}

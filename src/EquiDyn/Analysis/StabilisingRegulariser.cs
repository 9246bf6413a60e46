using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>The stabilising regulariser of docs/stability.md as a risk-closure wrapper (usable as a training option).</summary>
/// <remarks>
/// Contract: Wrap(R, 𝓔^⊥∩𝓛, γ)(θ) = R(θ) + (γ/2)‖Π_{𝓔⊥∩𝓛}θ‖². The penalty and its gradient γΠ_{𝓔⊥}θ vanish on 𝓔, so
/// the regularised risk has the same values, gradients, equivariant stationary points and flow inside 𝓔; its Hessian
/// gains γΠ_{𝓔⊥∩𝓛}, which shifts exactly the 𝓔^⊥∩𝓛 block by +γ. Hence a point stable for Equi becomes stable for Aug
/// iff γ &gt; −λ_min(𝓔^⊥∩𝓛 block).
/// </remarks>
public static class StabilisingRegulariser
{
    /// <summary>θ ↦ R(θ) + (γ/2)‖Π θ‖² with Π the projector of <paramref name="complement"/>.</summary>
    public static Func<Tensor, Tensor> Wrap(Func<Tensor, Tensor> risk, Subspace complement, double gamma)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(complement);
        if (!(gamma >= 0) || double.IsInfinity(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), "γ must be finite and ≥ 0.");
        return theta =>
        {
            var off = complement.Project(theta);
            return risk(theta) + 0.5 * gamma * off.dot(off);
        };
    }

    /// <summary>max(0, −λ_min): the infimum of the stabilising γ given the 𝓔^⊥∩𝓛 block's smallest eigenvalue (NaN,
    /// meaning an empty block, gives 0).</summary>
    public static double Threshold(double complementMinEigenvalue) =>
        double.IsNaN(complementMinEigenvalue) ? 0.0 : Math.Max(0.0, -complementMinEigenvalue);
}

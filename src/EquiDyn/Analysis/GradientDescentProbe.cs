using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>Plain full-batch gradient descent on a risk closure, recording the distance to a subspace after each step.</summary>
/// <remarks>Contract: θ_{k+1} = θ_k − η∇R(θ_k) with exact autograd gradients in float64 (no parametrization matrix: θ are
/// unitary coordinates, so this is the projected flow's Euler scheme); Distances[k] = ‖θ_k − Π_S θ_k‖.</remarks>
public static class GradientDescentProbe
{
    /// <summary>Runs <paramref name="steps"/> steps from <paramref name="start"/> and returns d_0 … d_steps and the end point.</summary>
    public static (double[] Distances, double[] End) Run(Func<Tensor, Tensor> risk, Tensor start, double eta, int steps, Subspace subspace)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(subspace);
        VectorChecks.RequireVector(start, nameof(start), subspace.AmbientDimension);
        if (!(eta > 0) || double.IsInfinity(eta)) throw new ArgumentOutOfRangeException(nameof(eta), "η must be finite and > 0.");
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), "steps must be ≥ 0.");
        using var scope = NewDisposeScope();
        var theta = start.detach().clone();
        var distances = new double[steps + 1];
        distances[0] = Distance(theta, subspace);
        for (int k = 1; k <= steps; k++)
        {
            using var step = NewDisposeScope();
            var leaf = theta.clone().requires_grad_(true);
            var gradient = autograd.grad(new[] { risk(leaf) }, new[] { leaf })[0];
            var next = (theta - eta * gradient).detach();
            distances[k] = Distance(next, subspace);
            theta.copy_(next);
        }
        return (distances, TensorArrays.ToArray(theta));
    }

    private static double Distance(Tensor theta, Subspace subspace)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return VectorChecks.Norm(theta - subspace.Project(theta));
    }
}

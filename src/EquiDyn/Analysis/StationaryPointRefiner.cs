using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>Settings of <see cref="StationaryPointRefiner.Refine"/>.</summary>
public sealed record RefinementOptions
{
    /// <summary>Stop when ‖Π_S∇R(θ)‖ ≤ this × ‖Π_S∇R(θ₀)‖ (default 1e-10: ten digits below the start, a few hundred
    /// times float64 rounding of a gradient that sums thousands of terms).</summary>
    public double RelativeTolerance { get; init; } = 1e-10;

    /// <summary>Also stop when ‖Π_S∇R(θ)‖ ≤ this (default 0: off).</summary>
    public double AbsoluteTolerance { get; init; }

    /// <summary>Largest number of L-BFGS iterations (default 500).</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Largest number of risk-and-gradient evaluations, line searches included (default 2000).</summary>
    public int MaxEvaluations { get; init; } = 2000;

    /// <summary>Curvature pairs kept by L-BFGS (default 20).</summary>
    public int History { get; init; } = 20;

    /// <summary>If L-BFGS has not converged and dim S ≤ this (and n ≤ 8·this), finish with damped Newton steps on the dense
    /// Hessian of R|_S, assembled from dim S Hessian-vector products per step (default 400; 0: never).</summary>
    public int NewtonRankLimit { get; init; } = 400;

    /// <summary>Largest number of Newton steps (default 40).</summary>
    public int NewtonIterations { get; init; } = 40;

    /// <summary>If L-BFGS has not converged and S is too large for the dense Newton finish, finish with at most this many
    /// trust-region Newton-CG steps: Steihaug's conjugate gradients on Π_S∇²RΠ_S from Hessian-vector products
    /// (default 0: off).</summary>
    public int NewtonCgIterations { get; init; }

    /// <summary>Largest number of Hessian-vector products of one Newton-CG step (default 400).</summary>
    public int NewtonCgProducts { get; init; } = 400;

    /// <summary>Largest number of iterations of both kinds together (L-BFGS and Newton; default: no limit beyond
    /// <see cref="MaxIterations"/> and <see cref="NewtonIterations"/>).</summary>
    public int MaxTotalIterations { get; init; } = int.MaxValue;

    /// <summary>Called after every iteration (for progress lines).</summary>
    public Action<RefinementProgress>? Progress { get; init; }
}

/// <summary>One iteration of <see cref="StationaryPointRefiner.Refine"/>.</summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="Risk">R(θ).</param>
/// <param name="GradientNorm">‖Π_S∇R(θ)‖.</param>
/// <param name="RelativeGradient">‖Π_S∇R(θ)‖ / ‖Π_S∇R(θ₀)‖.</param>
/// <param name="Evaluations">Risk-and-gradient evaluations so far.</param>
public sealed record RefinementProgress(int Iteration, double Risk, double GradientNorm, double RelativeGradient, int Evaluations);

/// <summary>The outcome of <see cref="StationaryPointRefiner.Refine"/>.</summary>
/// <param name="Theta">The refined point (in S).</param>
/// <param name="InitialRisk">R(Π_Sθ₀).</param>
/// <param name="Risk">R at the refined point.</param>
/// <param name="InitialGradientNorm">‖Π_S∇R(Π_Sθ₀)‖.</param>
/// <param name="GradientNorm">‖Π_S∇R‖ at the refined point.</param>
/// <param name="Iterations">L-BFGS iterations taken.</param>
/// <param name="Evaluations">Risk-and-gradient evaluations taken.</param>
/// <param name="Converged">Whether the tolerance was met.</param>
/// <param name="StopReason">Why the iteration stopped, in words.</param>
/// <param name="History">‖Π_S∇R‖ / ‖Π_S∇R(θ₀)‖ after every iteration (index 0 = start).</param>
/// <param name="NewtonSteps">How many of <paramref name="Iterations"/> were Newton steps (dense or Newton-CG).</param>
/// <param name="HessianProducts">Hessian-vector products taken by the Newton steps.</param>
/// <param name="Distance">‖θ − Π_Sθ₀‖: how far the refined point is from the (projected) start.</param>
public sealed record RefinementResult(double[] Theta, double InitialRisk, double Risk, double InitialGradientNorm, double GradientNorm,
    int Iterations, int Evaluations, bool Converged, string StopReason, double[] History, int NewtonSteps = 0, long HessianProducts = 0,
    double Distance = 0)
{
    /// <summary>‖Π_S∇R‖ at the end relative to the start.</summary>
    public double RelativeGradient => InitialGradientNorm > 0 ? GradientNorm / InitialGradientNorm : 0;
}

/// <summary>
/// Finds a stationary point of a risk restricted to a linear subspace S (in EquiDyn: the equivariant risk R on 𝓔∩𝓛):
/// L-BFGS on the projected gradient Π_S∇R in float64, from the projection of a start point, until
/// ‖Π_S∇R‖ ≤ tolerance.
/// </summary>
/// <remarks>
/// <para>Contract: R: ℝⁿ → ℝ is a differentiable closure (as for <see cref="HessianOperator"/>), S is given by its
/// orthogonal projector. Every iterate lies in S (directions are combinations of projected gradients, and each iterate
/// is re-projected to remove rounding drift), so this is unconstrained L-BFGS on R|_S in orthonormal coordinates of S —
/// for S = 𝓔∩𝓛 and a unitary parametrization exactly the Equi problem (docs/concepts.md), whose stationary points T1 is
/// about.</para>
/// <para>Written here because TorchSharp's <c>optim.LBFGS</c> offers no line search and works on module parameters, not
/// on a projected subspace. The line search accepts a step by the Armijo condition or, once the risk changes at rounding
/// level (near a minimum the decrease ~‖∇R‖² falls below float64 resolution of R), by the gradient-based "approximate
/// Wolfe" condition of Hager and Zhang (SIAM J. Optim. 16, 2005): φ'(α) ≤ (1 − 2c₁)|φ'(0)| with R not increased beyond
/// rounding. That is what lets the gradient fall ten orders of magnitude.</para>
/// </remarks>
public static class StationaryPointRefiner
{
    private const double ArmijoC1 = 1e-4;
    private const double CurvatureC2 = 0.9;

    /// <summary>Refines from <paramref name="start"/> (projected onto <paramref name="subspace"/> first).</summary>
    public static RefinementResult Refine(Func<Tensor, Tensor> risk, Tensor start, Subspace subspace, RefinementOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(subspace);
        VectorChecks.RequireVector(start, nameof(start), subspace.AmbientDimension);
        options ??= new RefinementOptions();
        if (!(options.RelativeTolerance >= 0) || !(options.AbsoluteTolerance >= 0))
            throw new ArgumentOutOfRangeException(nameof(options), "tolerances must be ≥ 0");
        if (options.MaxIterations < 0 || options.MaxEvaluations < 1 || options.History < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxIterations ≥ 0, MaxEvaluations ≥ 1 and History ≥ 1 are required");

        using var scope = NewDisposeScope();
        int evaluations = 0;
        (double F, Tensor G) Evaluate(Tensor x)
        {
            evaluations++;
            using var inner = NewDisposeScope();
            var leaf = x.detach().clone().requires_grad_(true);
            var value = risk(leaf);
            var gradient = autograd.grad(new[] { value }, new[] { leaf })[0];
            var projected = subspace.Project(gradient.detach()).detach();
            return (value.item<double>(), projected.MoveToOuterDisposeScope());
        }

        // x and g live outside every dispose scope and are replaced (and freed) once per iteration; everything else an
        // iteration allocates dies with its scope, so memory stays flat over thousands of evaluations of a big network.
        Tensor x;
        using (no_grad()) x = subspace.Project(start.detach().to_type(ScalarType.Float64)).detach().DetachFromDisposeScope();
        var origin = x.clone().DetachFromDisposeScope();
        var (f, g) = Evaluate(x);
        g = g.DetachFromDisposeScope();
        double f0 = f, g0 = VectorChecks.Norm(g);
        double target = Math.Max(options.RelativeTolerance * g0, options.AbsoluteTolerance);
        var history = new List<double> { g0 > 0 ? 1 : 0 };
        var pairs = new LinkedList<(Tensor S, Tensor Y, double Rho)>();
        int iteration = 0;
        string reason;
        bool converged = false;
        double gNorm = g0;
        // Moves to an accepted point (L-BFGS or Newton), frees the previous one and reports progress.
        void Accept(Tensor xNew, double fNew, Tensor gNew)
        {
            x.Dispose();
            g.Dispose();
            x = xNew.DetachFromDisposeScope();
            g = gNew.DetachFromDisposeScope();
            f = fNew;
            gNorm = VectorChecks.Norm(g);
            iteration++;
            history.Add(g0 > 0 ? gNorm / g0 : 0);
            options.Progress?.Invoke(new RefinementProgress(iteration, f, gNorm, g0 > 0 ? gNorm / g0 : 0, evaluations));
        }
        while (true)
        {
            if (gNorm <= target) { converged = true; reason = $"‖Π∇R‖ = {gNorm:E2} ≤ {target:E2}"; break; }
            if (iteration >= options.MaxIterations) { reason = $"iteration budget ({options.MaxIterations}) spent"; break; }
            if (evaluations >= options.MaxEvaluations) { reason = $"evaluation budget ({options.MaxEvaluations}) spent"; break; }

            using var step = NewDisposeScope();
            var d = Direction(g, pairs);
            double slope = d.dot(g).item<double>();
            if (!(slope < 0))
            {
                foreach (var p in pairs) { p.S.Dispose(); p.Y.Dispose(); }
                pairs.Clear();
                d = -g;
                slope = -gNorm * gNorm;
            }
            double alpha = pairs.Count == 0 ? Math.Min(1.0, 1.0 / gNorm) : 1.0;
            var search = LineSearch(Evaluate, x, f, g, d, slope, alpha, () => evaluations < options.MaxEvaluations);
            if (search is null) { reason = "the line search found no decrease (the gradient is at rounding level or the budget ran out)"; break; }
            var (xNew, fNew, gNew) = search.Value;
            using (no_grad()) xNew = subspace.Project(xNew).detach();
            var s = xNew - x;
            var y = gNew - g;
            double sy = s.dot(y).item<double>();
            if (sy > 1e-12 * VectorChecks.Norm(s) * VectorChecks.Norm(y))
            {
                pairs.AddLast((s.DetachFromDisposeScope(), y.DetachFromDisposeScope(), 1.0 / sy));
                if (pairs.Count > options.History)
                {
                    pairs.First!.Value.S.Dispose();
                    pairs.First!.Value.Y.Dispose();
                    pairs.RemoveFirst();
                }
            }
            Accept(xNew, fNew, gNew);
        }
        int newtonSteps = 0;
        long products = 0;
        // The finish: Newton steps converge quadratically where L-BFGS crawls (an ill-conditioned or nearly singular
        // Hessian, e.g. a risk that is flat along many directions plus a small ridge). Dense Newton when S is small,
        // Newton-CG (Hessian-vector products only) otherwise.
        Func<(Tensor X, double F, Tensor G)?>? newton = null;
        Tensor? basis = null;
        bool dense = false;
        if (!converged && options.NewtonRankLimit > 0 && subspace.AmbientDimension <= 8L * options.NewtonRankLimit)
        {
            basis = subspace.OrthonormalBasis().DetachFromDisposeScope();
            if (basis.shape[1] <= options.NewtonRankLimit)
            {
                var q = basis;
                dense = true;
                newton = () => { products += q.shape[1]; return NewtonStep(risk, x, f, g, q, Evaluate); };
            }
        }
        int newtonBudget = options.NewtonIterations;
        double? radius = null; // the trust radius of Newton-CG, kept from step to step
        string method = "Newton";
        if (newton is null && !converged && options.NewtonCgIterations > 0)
        {
            newtonBudget = options.NewtonCgIterations;
            method = "Newton-CG";
            newton = () =>
            {
                // Forcing term min(0.5, √(‖g‖/‖g₀‖)): inexact steps far away, superlinear convergence near the point
                // (Nocedal & Wright, Theorem 7.2).
                double forcing = Math.Min(0.5, Math.Sqrt(g0 > 0 ? gNorm / g0 : 0));
                if (radius is null) using (var norm = NewDisposeScope()) radius = 0.1 * Math.Max(1, VectorChecks.Norm(x));
                double r = radius.Value;
                var (step, used) = TrustRegionNewtonStep(risk, x, f, g, subspace, Evaluate, forcing, options.NewtonCgProducts, ref r);
                radius = r;
                products += used;
                return step;
            };
        }
        if (newton is not null)
        {
            for (int step = 0; step < newtonBudget && !converged && iteration < options.MaxTotalIterations; step++)
            {
                using var newtonScope = NewDisposeScope();
                var next = newton();
                if (next is null) { reason += $"; {method} found no decrease"; break; }
                var (xNew, fNew, gNew) = next.Value;
                // Dense Newton steps lie in S by construction (combinations of the basis); CG's are re-projected against drift.
                if (!dense) using (no_grad()) xNew = subspace.Project(xNew).detach();
                Accept(xNew, fNew, gNew);
                newtonSteps++;
                if (gNorm <= target) { converged = true; reason = $"‖Π∇R‖ = {gNorm:E2} ≤ {target:E2} (L-BFGS, then {step + 1} {method} steps)"; }
            }
            if (!converged && newtonSteps == newtonBudget) reason += $"; {method} budget ({newtonBudget}) spent";
        }
        basis?.Dispose();
        var theta = TensorArrays.ToArray(x);
        double distance;
        using (var end = NewDisposeScope()) distance = VectorChecks.Norm(x - origin);
        origin.Dispose();
        x.Dispose();
        g.Dispose();
        foreach (var p in pairs) { p.S.Dispose(); p.Y.Dispose(); }
        return new RefinementResult(theta, f0, f, g0, gNorm, iteration, evaluations, converged, reason, history.ToArray(), newtonSteps, products, distance);
    }

    // One damped Newton step in orthonormal coordinates Q of S: H_S = QᵀHQ from dim S Hessian-vector products, the step
    // −V|Λ|⁺Vᵀg (eigenvalues replaced by their absolute values, those below 1e-8·max|λ| dropped, so the step descends even at a
    // saddle and is pure Newton at a non-degenerate minimum: quadratic convergence), then the same line search.
    private static (Tensor X, double F, Tensor G)? NewtonStep(Func<Tensor, Tensor> risk, Tensor x, double f, Tensor g, Tensor basis,
        Func<Tensor, (double, Tensor)> evaluate)
    {
        using var hessian = new HessianOperator(risk, x);
        long k = basis.shape[1];
        var columns = new Tensor[k];
        for (long j = 0; j < k; j++) columns[j] = basis.T.matmul(hessian.Apply(basis.select(1, j).contiguous()));
        var h = stack(columns, 1);
        var (values, vectors) = linalg.eigh((h + h.T) / 2);
        var gs = basis.T.matmul(g);
        double floor = 1e-8 * values.abs().max().item<double>() + 1e-300;
        // Directions with |λ| ≤ floor are left out (a pseudo-inverse): exact invariances of the risk (e.g. the head's
        // weights along the constant over a LayerNorm'd grid, whose outputs sum to zero) have λ = 0 and a gradient
        // component at rounding level, which a floored division would blow up into a useless step.
        var absolute = values.abs();
        var coefficients = where(absolute.gt(floor), vectors.T.matmul(gs) / absolute.clamp_min(floor), zeros_like(values));
        var d = -basis.matmul(vectors.matmul(coefficients));
        double slope = d.dot(g).item<double>();
        if (!(slope < 0)) return null;
        return LineSearch(evaluate, x, f, g, d, slope, 1.0, () => true);
    }

    // One trust-region Newton-CG step (Steihaug–Toint; Nocedal & Wright, Algorithm 7.2): conjugate gradients on the model
    // m(z) = gᵀz + ½zᵀBz, B = Π_S∇²R(x)Π_S restricted to S (every CG vector is a combination of g ∈ S and products B·d ∈ S),
    // stopped when ‖Bz + g‖ ≤ forcing·‖g‖, at the product budget, at the trust radius, or — at a direction of
    // non-positive curvature — by following it to the radius. That last case is why a trust region: from a saddle region
    // (a trained checkpoint's E∩L Hessian has λ ≈ −60 on its analysis subset) a line search along a truncated CG step
    // crawls, while the trust region follows negative curvature. The step is accepted when the risk falls by more than
    // 1e-4 of the model's prediction or, once the changes are at rounding level of R, when R does not rise beyond rounding
    // and the gradient falls; the radius shrinks to ¼‖z‖ when the prediction was poor (ratio < ¼) and doubles when it was
    // good (> ¾) at the boundary. A rejected step is retried with the smaller radius (at most 30 times).
    private static ((Tensor X, double F, Tensor G)? Step, int Products) TrustRegionNewtonStep(Func<Tensor, Tensor> risk, Tensor x, double f,
        Tensor g, Subspace subspace, Func<Tensor, (double, Tensor)> evaluate, double forcing, int maxProducts, ref double radius)
    {
        using var hessian = new HessianOperator(risk, x);
        double gNorm = VectorChecks.Norm(g);
        double noise = 1e-12 * Math.Abs(f) + 1e-300;
        int used = 0;
        for (int attempt = 0; attempt < 30; attempt++)
        {
            using var attemptScope = NewDisposeScope();
            var (z, model, boundary, products) = SteihaugCg(hessian, subspace, g, forcing * gNorm, radius, maxProducts);
            used += products;
            double zNorm = VectorChecks.Norm(z);
            if (!(zNorm > 0)) return (null, used);
            var xt = x + z;
            var (ft, gt) = evaluate(xt);
            double predicted = -model, actual = f - ft;
            bool roundingLevel = predicted <= 100 * noise;
            double ratio = roundingLevel ? 1 : actual / predicted;
            bool accept = double.IsFinite(ft) && (ratio > ArmijoC1 && !roundingLevel
                || ft <= f + noise && VectorChecks.Norm(gt) < gNorm);
            if (!double.IsFinite(ft) || ratio < 0.25) radius = 0.25 * zNorm;
            else if (ratio > 0.75 && boundary) radius *= 2;
            if (accept) return ((xt.MoveToOuterDisposeScope(), ft, gt.MoveToOuterDisposeScope()), used);
            if (radius <= 1e-15 * (VectorChecks.Norm(x) + 1)) break;
        }
        return (null, used);
    }

    // Steihaug's CG for min m(z) = gᵀz + ½zᵀBz subject to ‖z‖ ≤ radius; r = Bz + g is the model's gradient at z.
    // Returns z, m(z), whether z is on the boundary, and the products used.
    private static (Tensor Z, double Model, bool Boundary, int Products) SteihaugCg(HessianOperator hessian, Subspace subspace, Tensor g,
        double tolerance, double radius, int maxProducts)
    {
        var z = zeros_like(g);
        var r = g.clone();
        var d = -g;
        double rr = r.dot(r).item<double>(), zz = 0, model = 0;
        int used = 0;
        while (used < maxProducts)
        {
            using var inner = NewDisposeScope();
            var bd = subspace.Project(hessian.Apply(d));
            used++;
            double curvature = d.dot(bd).item<double>();
            double zd = z.dot(d).item<double>(), dd = d.dot(d).item<double>(), rd = r.dot(d).item<double>();
            double alpha = curvature > 0 ? rr / curvature : 0;
            if (!(curvature > 0) || zz + 2 * alpha * zd + alpha * alpha * dd >= radius * radius)
            {
                // To the boundary along d: the positive root of ‖z + τd‖ = radius.
                double tau = (-zd + Math.Sqrt(zd * zd + dd * (radius * radius - zz))) / dd;
                model += tau * rd + 0.5 * tau * tau * curvature;
                z.add_(d, alpha: tau);
                return (z, model, true, used);
            }
            model += alpha * rd + 0.5 * alpha * alpha * curvature;
            z.add_(d, alpha: alpha);
            zz = z.dot(z).item<double>();
            r.add_(bd, alpha: alpha);
            double rrNew = r.dot(r).item<double>();
            if (Math.Sqrt(rrNew) <= tolerance) break;
            d.mul_(rrNew / rr).sub_(r);
            rr = rrNew;
        }
        return (z, model, false, used);
    }

    // The L-BFGS two-loop recursion (Nocedal & Wright, Algorithm 7.4): d = −H_k g with H_k⁰ = (sᵀy / yᵀy) I.
    private static Tensor Direction(Tensor g, LinkedList<(Tensor S, Tensor Y, double Rho)> pairs)
    {
        var q = g.clone();
        var alphas = new Stack<double>();
        for (var node = pairs.Last; node is not null; node = node.Previous)
        {
            var (s, y, rho) = node.Value;
            double a = rho * s.dot(q).item<double>();
            alphas.Push(a);
            q.add_(y, alpha: -a);
        }
        if (pairs.Last is { } last)
            q.mul_(1.0 / (last.Value.Rho * last.Value.Y.dot(last.Value.Y).item<double>()));
        for (var node = pairs.First; node is not null; node = node.Next)
        {
            var (s, y, rho) = node.Value;
            double b = rho * y.dot(q).item<double>();
            q.add_(s, alpha: alphas.Pop() - b);
        }
        return -q;
    }

    // Backtracking from α with safeguarded quadratic interpolation; accepts by Armijo or by the approximate Wolfe
    // condition (see the class remarks). Extends the step while the slope is still strongly negative (weak Wolfe).
    private static (Tensor X, double F, Tensor G)? LineSearch(Func<Tensor, (double, Tensor)> evaluate, Tensor x, double f, Tensor g,
        Tensor d, double slope, double alpha, Func<bool> budgetLeft)
    {
        double noise = 1e-12 * Math.Abs(f) + 1e-300;
        (Tensor X, double F, Tensor G)? accepted = null;
        for (int trial = 0; trial < 40 && budgetLeft(); trial++)
        {
            var xt = x + alpha * d;
            var (ft, gt) = evaluate(xt);
            double slopeT = gt.dot(d).item<double>();
            bool armijo = ft <= f + ArmijoC1 * alpha * slope;
            bool approximate = ft <= f + noise && slopeT <= (1 - 2 * ArmijoC1) * Math.Abs(slope);
            if (double.IsFinite(ft) && (armijo || approximate))
            {
                accepted = (xt, ft, gt);
                // Weak Wolfe: if the slope is still steeply negative, the step was too short; try doubling once or twice.
                if (slopeT < CurvatureC2 * slope && trial < 3 && budgetLeft())
                {
                    alpha *= 2;
                    continue;
                }
                return accepted;
            }
            if (accepted is not null) return accepted; // the doubled step failed: keep the last good one
            double quadratic = double.IsFinite(ft) ? -slope * alpha * alpha / (2 * (ft - f - slope * alpha)) : 0.1 * alpha;
            alpha = Math.Clamp(double.IsFinite(quadratic) ? quadratic : 0.5 * alpha, 0.1 * alpha, 0.5 * alpha);
        }
        return accepted;
    }
}

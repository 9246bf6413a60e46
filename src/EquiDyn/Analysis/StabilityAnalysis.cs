using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>Second-order stability of an equivariant stationary point for equivariant and augmented training
/// (P2–P3 of docs/stability.md): the block analysis of the augmented Hessian along 𝓛 = (𝓔∩𝓛) ⊕ (𝓔^⊥∩𝓛).</summary>
/// <remarks>
/// <para>Given R^aug, A* ∈ 𝓔∩𝓛 and the two subspaces (a <see cref="StabilityProblem"/>), the analysis computes, from
/// Hessian-vector products of R^aug at A* only (so it scales to models whose Hessian cannot be stored):</para>
/// <list type="bullet">
/// <item>∇R^aug(A*) split along the blocks (zero at a stationary point; P1 makes its 𝓔^⊥ part vanish on 𝓔 always);</item>
/// <item>the extreme eigenpairs of the 𝓔∩𝓛 block Π_{𝓔∩𝓛}HΠ_{𝓔∩𝓛} — by P2 the Equi Hessian — and of the 𝓔^⊥∩𝓛 block,
/// each by Lanczos confined to its subspace, with residuals ‖Hv − λv‖;</item>
/// <item>‖Π_{𝓔⊥∩𝓛}HΠ_{𝓔∩𝓛}‖ by power iteration, which vanishes under exact augmentation and compatibility (docs/stability.md);</item>
/// <item>verdicts: Equi is stable iff the 𝓔∩𝓛 block is ≻ 0; Aug iff additionally the 𝓔^⊥∩𝓛 block is ≻ 0 (⪰ 0 with a
/// zero eigenvalue is reported as <see cref="StabilityClass.Marginal"/>), see P3 in docs/stability.md;</item>
/// <item>the predicted GD growth factor |1 − ηλ_min(𝓔^⊥)| and a simulation from A* + ε·v_min that measures it;</item>
/// <item>the stabilising threshold γ* = max(0, −λ_min(𝓔^⊥)) and, for a requested γ, the regularised block and GD run.</item>
/// </list>
/// <para>For n ≤ <see cref="StabilityOptions.DenseLimit"/> the dense Hessian is assembled as an exact cross-check.</para>
/// </remarks>
public static class StabilityAnalysis
{
    /// <summary>Runs the analysis.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (the message names it).</exception>
    public static StabilityReport Analyze(StabilityProblem problem, StabilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new StabilityOptions();
        Validate(options);
        using var scope = NewDisposeScope();
        long n = problem.Dimension;
        bool small = n <= options.DenseLimit;

        using var hessian = new HessianOperator(problem.AugmentedRisk, problem.Theta);
        double risk = hessian.Value();
        var augmentedGradient = Summarise(hessian.Gradient(), problem, small);
        double? nominalRisk = null;
        GradientSummary? nominalGradient = null;
        if (problem.NominalRisk is not null)
        {
            using var nominal = new HessianOperator(problem.NominalRisk, problem.Theta);
            nominalRisk = nominal.Value();
            nominalGradient = Summarise(nominal.Gradient(), problem, small);
        }

        var equivariantBlock = LanczosSolver.Solve(new CompressedOperator(hessian, problem.Equivariant), options.Lanczos, problem.Equivariant);
        var complementBlock = LanczosSolver.Solve(new CompressedOperator(hessian, problem.Complement), options.Lanczos, problem.Complement);
        double scale = SpectralScale(equivariantBlock, complementBlock);

        var (crossEstimate, crossProducts) = EstimateCrossBlock(hessian, problem, options);
        DenseCheck? dense = null;
        double? crossExact = null;
        if (small) (dense, crossExact) = Dense(hessian, problem);
        var cross = new CrossBlockNorm(crossEstimate, crossExact, Math.Max(crossEstimate, crossExact ?? 0) / scale, crossProducts);

        var equi = EquivariantVerdict(equivariantBlock, augmentedGradient, options, scale);
        double complementMin = complementBlock.Min;
        double complementResidual = complementBlock.Pairs.Count > 0 ? complementBlock.Pairs[0].Residual : 0;
        var aug = AugmentedVerdict(equi, complementMin, complementResidual, augmentedGradient, options, scale);

        GrowthMeasurement? growth = null;
        Tensor? start = null;
        if (complementBlock.Pairs.Count > 0)
        {
            start = problem.Theta + options.PerturbationNorm * tensor(complementBlock.Pairs[0].Vector, dtype: ScalarType.Float64);
            var (distances, _) = GradientDescentProbe.Run(problem.AugmentedRisk, start, options.Eta, options.GrowthSteps, problem.Equivariant);
            double measured = Math.Pow(distances[^1] / distances[0], 1.0 / options.GrowthSteps);
            growth = new GrowthMeasurement(options.Eta, complementMin, Math.Abs(1 - options.Eta * complementMin), measured, distances);
        }

        RegularisedCheck? regularised = null;
        int regularisedProducts = 0;
        if (options.Gamma is { } gamma)
        {
            var wrapped = StabilisingRegulariser.Wrap(problem.AugmentedRisk, problem.Complement, gamma);
            using var regularisedHessian = new HessianOperator(wrapped, problem.Theta);
            var block = LanczosSolver.Solve(
                new CompressedOperator(regularisedHessian, problem.Complement),
                options.Lanczos with { Which = SpectrumEnd.Smallest, Count = 1 },
                problem.Complement);
            regularisedProducts = regularisedHessian.ProductCount;
            double residual = block.Pairs.Count > 0 ? block.Pairs[0].Residual : 0;
            var verdict = AugmentedVerdict(equi, block.Min, residual, augmentedGradient, options, Math.Max(scale, Math.Abs(block.Min)));
            double[] distances = start is null
                ? new[] { 0.0, 0.0 }
                : GradientDescentProbe.Run(wrapped, start, options.Eta, options.RegularisedSteps, problem.Equivariant).Distances;
            regularised = new RegularisedCheck(gamma, block.Min, residual, verdict, start is null ? 0 : options.RegularisedSteps, distances[0], distances[^1]);
        }

        return new StabilityReport(
            problem.Name,
            problem.Description,
            n,
            small ? TensorArrays.ToArray(problem.Theta) : null,
            problem.ParameterNames,
            risk,
            nominalRisk,
            augmentedGradient,
            nominalGradient,
            equivariantBlock,
            complementBlock,
            cross,
            dense,
            equi,
            aug,
            growth,
            StabilisingRegulariser.Threshold(complementMin),
            regularised,
            hessian.ProductCount + regularisedProducts);
    }

    private static void Validate(StabilityOptions o)
    {
        static bool Finite(double x) => double.IsFinite(x);
        if (!(o.Eta > 0) || !Finite(o.Eta)) throw new ArgumentOutOfRangeException(nameof(o.Eta), o.Eta, "η must be finite and > 0.");
        if (o.Gamma is { } g && (!(g >= 0) || !Finite(g))) throw new ArgumentOutOfRangeException(nameof(o.Gamma), g, "γ must be finite and ≥ 0.");
        if (!(o.PerturbationNorm > 0) || !Finite(o.PerturbationNorm))
            throw new ArgumentOutOfRangeException(nameof(o.PerturbationNorm), o.PerturbationNorm, "The perturbation norm must be finite and > 0.");
        if (o.GrowthSteps < 1) throw new ArgumentOutOfRangeException(nameof(o.GrowthSteps), o.GrowthSteps, "Growth steps must be ≥ 1.");
        if (o.RegularisedSteps < 1) throw new ArgumentOutOfRangeException(nameof(o.RegularisedSteps), o.RegularisedSteps, "Regularised steps must be ≥ 1.");
        if (o.DenseLimit < 0) throw new ArgumentOutOfRangeException(nameof(o.DenseLimit), o.DenseLimit, "The dense limit must be ≥ 0.");
        if (o.CrossBlockIterations < 1) throw new ArgumentOutOfRangeException(nameof(o.CrossBlockIterations), o.CrossBlockIterations, "Cross-block iterations must be ≥ 1.");
        if (!(o.StationarityTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(o.StationarityTolerance), o.StationarityTolerance, "Must be > 0.");
        if (!(o.EigenvalueTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(o.EigenvalueTolerance), o.EigenvalueTolerance, "Must be > 0.");
    }

    private static GradientSummary Summarise(Tensor gradient, StabilityProblem problem, bool includeVector)
    {
        using var scope = NewDisposeScope();
        return new GradientSummary(
            VectorChecks.Norm(gradient),
            VectorChecks.Norm(problem.Equivariant.Project(gradient)),
            VectorChecks.Norm(problem.Complement.Project(gradient)),
            includeVector ? TensorArrays.ToArray(gradient) : null);
    }

    private static double SpectralScale(LanczosResult a, LanczosResult b)
    {
        double scale = a.Pairs.Concat(b.Pairs).Select(p => Math.Abs(p.Value)).DefaultIfEmpty(0).Max();
        // An all-zero Hessian still needs a positive scale for relative tolerances.
        return scale > 0 ? scale : 1.0;
    }

    // Power iteration on CᵀC with C = Π_{𝓔⊥}HΠ_𝓔: ‖C x‖ for unit x ∈ 𝓔∩𝓛 increases towards ‖C‖₂.
    private static (double Estimate, int Products) EstimateCrossBlock(HessianOperator hessian, StabilityProblem problem, StabilityOptions options)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator((ulong)(options.Lanczos.Seed + 1));
        var x = problem.Equivariant.Project(randn(new[] { problem.Dimension }, ScalarType.Float64, generator: generator));
        double norm = VectorChecks.Norm(x);
        if (norm == 0) return (0, 0);
        x = x / norm;
        double best = 0;
        int products = 0;
        for (int iteration = 0; iteration < options.CrossBlockIterations; iteration++)
        {
            var y = problem.Complement.Project(hessian.Apply(x));
            products++;
            double sigma = VectorChecks.Norm(y);
            best = Math.Max(best, sigma);
            if (sigma == 0) break;
            var z = problem.Equivariant.Project(hessian.Apply(y / sigma));
            products++;
            double zNorm = VectorChecks.Norm(z);
            if (zNorm == 0) break;
            x = z / zNorm;
        }
        return (best, products);
    }

    private static (DenseCheck Check, double CrossExact) Dense(HessianOperator hessian, StabilityProblem problem)
    {
        using var scope = NewDisposeScope();
        var full = DenseHessian.Compute(hessian);
        var h = full.ToTensor();
        var qe = problem.Equivariant.OrthonormalBasis();
        var qc = problem.Complement.OrthonormalBasis();
        var blockE = qe.T.matmul(h).matmul(qe);
        var blockC = qc.T.matmul(h).matmul(qc);
        var crossMatrix = qc.T.matmul(h).matmul(qe);
        double crossExact = crossMatrix.numel() == 0 ? 0.0 : linalg.svdvals(crossMatrix).max().item<double>();
        var check = new DenseCheck(
            full.Matrix,
            full.Asymmetry,
            SymmetricEigen.Decompose(h).Values,
            problem.Equivariant.HasBasis ? TensorArrays.ToJagged(blockE) : null,
            SymmetricEigen.Decompose(blockE).Values,
            SymmetricEigen.Decompose(blockC).Values);
        return (check, crossExact);
    }

    private static StabilityVerdict EquivariantVerdict(LanczosResult block, GradientSummary gradient, StabilityOptions options, double scale)
    {
        const string mode = "Equi";
        if (gradient.EquivariantNorm > options.StationarityTolerance)
            return new StabilityVerdict(mode, StabilityClass.NotStationary, block.Min, double.NaN,
                $"‖Π(E∩L)∇R‖ = {gradient.EquivariantNorm:E3} > {options.StationarityTolerance:E1}: not a stationary point of equivariant training.");
        if (block.Pairs.Count == 0)
            return new StabilityVerdict(mode, StabilityClass.Stable, double.NaN, 0, "E∩L = {0}: there is nothing to perturb.");
        double min = block.Min;
        double uncertainty = Math.Max(block.Pairs[0].Residual, options.EigenvalueTolerance * scale);
        if (min > uncertainty)
            return new StabilityVerdict(mode, StabilityClass.Stable, min, uncertainty,
                $"λ_min(E∩L block) = {min:G6} > 0: strict local minimum of the equivariant risk.");
        if (min < -uncertainty)
            return new StabilityVerdict(mode, StabilityClass.Unstable, min, uncertainty,
                $"λ_min(E∩L block) = {min:G6} < 0: a saddle even for equivariant training.");
        return new StabilityVerdict(mode, StabilityClass.Marginal, min, uncertainty,
            $"λ_min(E∩L block) = {min:G3} is zero within {uncertainty:E1}: second order cannot decide.");
    }

    private static StabilityVerdict AugmentedVerdict(
        StabilityVerdict equi, double complementMin, double complementResidual, GradientSummary gradient, StabilityOptions options, double scale)
    {
        const string mode = "Aug";
        double gradientNorm = Math.Sqrt(gradient.EquivariantNorm * gradient.EquivariantNorm + gradient.ComplementNorm * gradient.ComplementNorm);
        if (gradientNorm > options.StationarityTolerance)
            return new StabilityVerdict(mode, StabilityClass.NotStationary, Math.Min(equi.MinEigenvalue, complementMin), double.NaN,
                $"‖Π(L)∇R^aug‖ = {gradientNorm:E3} > {options.StationarityTolerance:E1}: not a stationary point of augmented training.");
        if (double.IsNaN(complementMin))
            return equi with { Mode = mode, Reason = "E⊥∩L = {0}: augmented and equivariant training coincide. " + equi.Reason };
        double uncertainty = Math.Max(complementResidual, options.EigenvalueTolerance * scale);
        double overall = double.IsNaN(equi.MinEigenvalue) ? complementMin : Math.Min(equi.MinEigenvalue, complementMin);
        if (complementMin < -uncertainty)
            return new StabilityVerdict(mode, StabilityClass.Unstable, complementMin, uncertainty,
                $"λ_min(E⊥∩L block) = {complementMin:G6} < 0: perturbations off E grow under augmented training"
                + (equi.Class == StabilityClass.Stable ? " although the point is stable for equivariant training." : "."));
        if (equi.Class == StabilityClass.Unstable)
            return equi with { Mode = mode, Reason = "The E∩L block (the equivariant Hessian) is indefinite: " + equi.Reason };
        if (equi.Class == StabilityClass.Stable && complementMin > uncertainty)
            return new StabilityVerdict(mode, StabilityClass.Stable, overall, Math.Max(uncertainty, equi.Uncertainty),
                $"Both blocks are positive definite (λ_min(E⊥∩L block) = {complementMin:G6}): strict local minimum of the augmented risk.");
        return new StabilityVerdict(mode, StabilityClass.Marginal, overall, Math.Max(uncertainty, equi.Uncertainty),
            equi.Class == StabilityClass.Marginal
                ? "The E∩L block has a zero eigenvalue: second order cannot decide."
                : $"λ_min(E⊥∩L block) = {complementMin:G3} is zero within {uncertainty:E1}: second order cannot decide.");
    }
}

using EquiDyn.Engine;
using static TorchSharp.torch;

namespace EquiDyn.Analysis;

/// <summary>Extreme eigenpairs of a symmetric operator known only through products (e.g. a Hessian via HVPs): Lanczos
/// with full reorthogonalisation and thick restarts, optionally confined to a subspace.</summary>
/// <remarks>
/// <para>Contract: returns Ritz pairs (θ, v) of A from the requested end(s) of its spectrum, with unit v and the true
/// residual ‖Av − θv‖ (one extra product per pair). With a <c>domain</c> subspace S = range(Π) the solver computes the
/// spectrum of the block of A on S: the start vector is Π·(random), every new Lanczos vector is re-projected with Π, and
/// A itself should be the compression Π A Π (<see cref="CompressedOperator"/>) so that images stay in S.</para>
/// <para>Method. The basis V is kept orthonormal by classical Gram–Schmidt applied twice ("twice is enough": the second
/// pass removes what rounding left after the first), so the projected matrix T = VᵀAV is assembled directly from the
/// orthogonalisation coefficients, using ⟨v_i, A v_j⟩ = ⟨A v_i, v_j⟩. Ritz pairs are eigenpairs of T (eigh). The relation
/// A V = V T + β v₊ eₖᵀ gives the residual estimate |β·y_last| used for the stopping test. When the basis reaches
/// <see cref="LanczosOptions.MaxBasisSize"/> it is compressed to the best Ritz vectors at the wanted ends plus v₊
/// (thick restart, Wu &amp; Simon 2000): T becomes diagonal plus an arrow of couplings β·y_last,i, which the next
/// product's Gram–Schmidt coefficients reproduce. A breakdown (β ≈ 0) means span(V) is invariant: the solver then
/// continues with a fresh random direction orthogonal to V, and stops as exact once none is left (the whole space or
/// subspace is spanned) — small blocks such as a 1-dimensional 𝓔^⊥ are solved exactly this way.</para>
/// </remarks>
public static class LanczosSolver
{
    // After two Gram–Schmidt passes, a vector that lies in span(V) keeps ~1e-15 of its norm; a genuinely new direction keeps
    // far more than 1e-10 unless the operator is pathologically ill-conditioned, where dropping it perturbs T by ≤ 1e-10
    // relative, below LanczosOptions.Tolerance's scale anyway.
    private const double BreakdownTolerance = 1e-10;

    /// <summary>Runs the iteration.</summary>
    /// <param name="operator">A (symmetric). For a subspace block pass Π A Π.</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="domain">S, to confine the iteration to range(Π); null for all of ℝⁿ.</param>
    public static LanczosResult Solve(ISymmetricOperator @operator, LanczosOptions? options = null, Subspace? domain = null)
    {
        ArgumentNullException.ThrowIfNull(@operator);
        options ??= new LanczosOptions();
        int wantedTotal = options.Which == SpectrumEnd.Both ? 2 * options.Count : options.Count;
        if (options.Count < 1) throw new ArgumentOutOfRangeException(nameof(options), "LanczosOptions.Count must be ≥ 1.");
        if (options.MaxBasisSize < wantedTotal + 3)
            throw new ArgumentOutOfRangeException(nameof(options), $"LanczosOptions.MaxBasisSize must be ≥ {wantedTotal + 3} (wanted pairs + room to expand).");
        if (options.MaxProducts < 1) throw new ArgumentOutOfRangeException(nameof(options), "LanczosOptions.MaxProducts must be ≥ 1.");
        if (!(options.Tolerance > 0)) throw new ArgumentOutOfRangeException(nameof(options), "LanczosOptions.Tolerance must be > 0.");
        if (domain is not null && domain.AmbientDimension != @operator.Dimension)
            throw new ArgumentException($"Domain lives in ℝ^{domain.AmbientDimension}, operator in ℝ^{@operator.Dimension}.", nameof(domain));

        using var scope = NewDisposeScope();
        long n = @operator.Dimension;
        // More than n orthonormal vectors cannot exist: a basis of size n is the whole space, solved exactly.
        int m = (int)Math.Min(options.MaxBasisSize, n);
        using var generator = new Generator((ulong)options.Seed);
        Tensor RandomInDomain()
        {
            var r = randn(new[] { n }, ScalarType.Float64, generator: generator);
            return domain?.Project(r) ?? r;
        }

        var history = new List<double[]>();
        var start = RandomInDomain();
        double startNorm = VectorChecks.Norm(start);
        if (startNorm == 0)
            return new LanczosResult(Array.Empty<RitzPair>(), history, 0, 0, Converged: true, SubspaceExhausted: true);

        var basis = zeros(m + 1, n, dtype: ScalarType.Float64); // rows v_0 … v_m
        basis[0].copy_(start / startNorm);
        var t = new double[m + 1, m + 1];
        int computed = 0; // rows whose images A v_j are folded into T
        int products = 0, restarts = 0;
        bool exhausted = false, converged;
        SymmetricEigen ritz;
        int[] wanted;
        double coupling;

        while (true)
        {
            while (computed < m && !exhausted && products < options.MaxProducts)
            {
                FinalizerGate.SafePoint();
                using var step = NewDisposeScope();
                int j = computed;
                var w = @operator.Apply(basis[j]);
                products++;
                if (domain is not null) w = domain.Project(w);
                double imageNorm = VectorChecks.Norm(w);
                var previous = basis.narrow(0, 0, j + 1);
                var h = previous.matmul(w);
                w = w - previous.T.matmul(h);
                var correction = previous.matmul(w);
                w = w - previous.T.matmul(correction);
                h = h + correction;
                if (domain is not null) w = domain.Project(w); // keeps rounding from drifting out of range(Π)
                var hv = TensorArrays.ToArray(h);
                for (int i = 0; i <= j; i++) t[i, j] = t[j, i] = hv[i];
                computed++;
                history.Add(EigenOfLeading(t, computed).Values);

                double beta = VectorChecks.Norm(w);
                if (beta > BreakdownTolerance * imageNorm && computed < n)
                {
                    basis[j + 1].copy_(w / beta);
                    t[j + 1, j] = t[j, j + 1] = beta;
                    continue;
                }
                // span(V) is invariant under A: look for a direction it does not contain yet.
                t[j + 1, j] = t[j, j + 1] = 0.0;
                var fresh = RandomInDomain();
                double freshNorm = VectorChecks.Norm(fresh);
                for (int pass = 0; pass < 2; pass++) fresh = fresh - previous.T.matmul(previous.matmul(fresh));
                if (domain is not null) fresh = domain.Project(fresh);
                double remaining = VectorChecks.Norm(fresh);
                if (computed >= n || remaining <= BreakdownTolerance * freshNorm)
                    exhausted = true;
                else
                    basis[j + 1].copy_(fresh / remaining);
            }

            ritz = EigenOfLeading(t, computed);
            wanted = Select(computed, options.Which, options.Count);
            coupling = exhausted ? 0.0 : t[computed, computed - 1];
            double scale = Math.Max(ritz.Values.Max(Math.Abs), double.Epsilon);
            converged = exhausted || wanted.All(i => Math.Abs(coupling * ritz.Vectors[computed - 1][i]) <= options.Tolerance * scale);
            if (converged || products >= options.MaxProducts || computed < m) break;

            // Thick restart: keep the best Ritz vectors of the wanted end(s) and the current residual direction v₊.
            int keepTotal = Math.Clamp(wantedTotal + (m - wantedTotal) / 2, wantedTotal, m - 2);
            var keep = Select(computed, options.Which, options.Which == SpectrumEnd.Both ? (keepTotal + 1) / 2 : keepTotal);
            using (var restart = NewDisposeScope())
            {
                var y = tensor(keep.SelectMany(i => Enumerable.Range(0, computed).Select(r => ritz.Vectors[r][i])).ToArray(), dtype: ScalarType.Float64)
                    .reshape(keep.Length, computed);
                var kept = y.matmul(basis.narrow(0, 0, computed));
                var residualDirection = basis[computed].clone();
                basis.zero_();
                basis.narrow(0, 0, keep.Length).copy_(kept);
                basis[keep.Length].copy_(residualDirection);
            }
            Array.Clear(t);
            for (int a = 0; a < keep.Length; a++)
            {
                t[a, a] = ritz.Values[keep[a]];
                t[a, keep.Length] = t[keep.Length, a] = coupling * ritz.Vectors[computed - 1][keep[a]];
            }
            computed = keep.Length;
            restarts++;
        }

        var pairs = new List<RitzPair>(wanted.Length);
        foreach (int i in wanted)
        {
            using var pairScope = NewDisposeScope();
            var y = tensor(Enumerable.Range(0, computed).Select(r => ritz.Vectors[r][i]).ToArray(), dtype: ScalarType.Float64);
            var x = y.matmul(basis.narrow(0, 0, computed));
            if (domain is not null) x = domain.Project(x);
            x = x / linalg.vector_norm(x);
            var ax = @operator.Apply(x);
            products++;
            // The Rayleigh quotient of the assembled vector is at least as accurate as the Ritz value of T.
            double value = VectorChecks.Dot(x, ax);
            double residual = VectorChecks.Norm(ax - value * x);
            pairs.Add(new RitzPair(value, SignNormalised(TensorArrays.ToArray(x)), residual));
        }
        pairs.Sort((p, q) => p.Value.CompareTo(q.Value));
        return new LanczosResult(pairs, history, products, restarts, converged, exhausted);
    }

    private static SymmetricEigen EigenOfLeading(double[,] t, int size)
    {
        var rows = new double[size][];
        for (int i = 0; i < size; i++)
        {
            rows[i] = new double[size];
            for (int j = 0; j < size; j++) rows[i][j] = t[i, j];
        }
        return SymmetricEigen.Decompose(rows);
    }

    private static int[] Select(int size, SpectrumEnd which, int count)
    {
        var chosen = new SortedSet<int>();
        for (int k = 0; k < Math.Min(count, size); k++)
        {
            if (which != SpectrumEnd.Largest) chosen.Add(k);
            if (which != SpectrumEnd.Smallest) chosen.Add(size - 1 - k);
        }
        return chosen.ToArray();
    }

    private static double[] SignNormalised(double[] v)
    {
        int largest = 0;
        for (int i = 1; i < v.Length; i++)
            if (Math.Abs(v[i]) > Math.Abs(v[largest]) + 1e-12) largest = i;
        if (v[largest] < 0)
            for (int i = 0; i < v.Length; i++) v[i] = -v[i];
        return v;
    }
}

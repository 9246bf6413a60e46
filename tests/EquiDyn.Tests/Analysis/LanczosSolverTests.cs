using EquiDyn.Analysis;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Analysis;

/// <summary>Lanczos against operators whose spectrum is known in closed form: D = diag(λ) hidden in a random orthogonal
/// basis Q, A = Q D Qᵀ, so the eigenvalues are the chosen λ exactly and the eigenvectors are Q's columns.</summary>
public class LanczosSolverTests(ITestOutputHelper output)
{
    // λ_i = (i + i²/400)/10 − 3 for i = 0…n−1 (with n = 200: from −3 to 26.85): distinct, known in closed form, gaps
    // growing from 0.1 to 0.2, so no 24-vector Krylov space resolves three eigenvalues at each end without restarting.
    private static double Lambda(int i) => (i + i * i / 400.0) / 10.0 - 3.0;

    private static (MatrixOperator Operator, Tensor Q) HiddenDiagonal(int n, Func<int, double> lambda, int seed)
    {
        var generator = new Generator((ulong)seed);
        var (q, _) = linalg.qr(randn(new long[] { n, n }, ScalarType.Float64, generator: generator));
        var d = diag(tensor(Enumerable.Range(0, n).Select(lambda).ToArray(), dtype: ScalarType.Float64));
        return (new MatrixOperator(q.matmul(d).matmul(q.T)), q);
    }

    [Fact]
    public void FindsBothEndsOfAHiddenDiagonalWithRestartsAndSmallResiduals()
    {
        using var scope = NewDisposeScope();
        const int n = 200;
        var (op, _) = HiddenDiagonal(n, Lambda, seed: 7);
        var result = LanczosSolver.Solve(op, new LanczosOptions { Count = 3, MaxBasisSize = 24, MaxProducts = 2000, Tolerance = 1e-10 });

        output.WriteLine($"products {result.Products}, restarts {result.Restarts}");
        Assert.True(result.Converged);
        Assert.True(result.Restarts > 0, "a 24-vector basis cannot resolve the clustered bottom of 200 eigenvalues without restarting");
        double[] expected = { Lambda(0), Lambda(1), Lambda(2), Lambda(n - 3), Lambda(n - 2), Lambda(n - 1) };
        Assert.Equal(expected.Length, result.Pairs.Count);
        for (int k = 0; k < expected.Length; k++)
        {
            // A unit vector with residual r has an eigenvalue within r, and r ≲ 1e-10·‖A‖ ≈ 3e-9 by the stopping test
            // (estimated residuals; the measured ones are checked below); the Rayleigh quotient error is even of order
            // r²/gap, so 1e-8 absolute is a safe bound.
            Assert.Equal(expected[k], result.Pairs[k].Value, 1e-8);
            Assert.True(result.Pairs[k].Residual < 1e-7, $"residual {result.Pairs[k].Residual:E2} of pair {k}");
        }
        Assert.Equal(result.Pairs.Count, result.Pairs.Select(p => p.Value).Distinct().Count());
        Assert.NotEmpty(result.RitzHistory);
        // Ritz values of a compression interlace the spectrum (Cauchy): never below λ_min, never above λ_max.
        Assert.InRange(result.RitzHistory.Min(step => step.Min()), Lambda(0) - 1e-9, double.MaxValue);
        Assert.InRange(result.RitzHistory.Max(step => step.Max()), double.MinValue, Lambda(n - 1) + 1e-9);
    }

    [Fact]
    public void EigenvectorsAreTheHiddenBasisColumns()
    {
        using var scope = NewDisposeScope();
        const int n = 60;
        var (op, q) = HiddenDiagonal(n, i => i == 0 ? -5.0 : i, seed: 11);
        var result = LanczosSolver.Solve(op, new LanczosOptions { Count = 1, Which = SpectrumEnd.Smallest, MaxBasisSize = 20 });
        var v = tensor(result.Pairs[0].Vector, dtype: ScalarType.Float64);
        Assert.Equal(-5.0, result.Pairs[0].Value, 1e-9);
        // |⟨v, q_0⟩| = 1 up to the eigenvector error r/gap ≈ 1e-10/6.
        Assert.Equal(1.0, Math.Abs(v.dot(q[.., 0]).item<double>()), 1e-8);
    }

    [Fact]
    public void SmallOperatorIsSolvedExactlyByExhaustingTheSpace()
    {
        using var scope = NewDisposeScope();
        // [[2,1,0],[1,2,0],[0,0,5]]: eigenvalues 1, 3, 5.
        var op = new MatrixOperator(tensor(new double[,] { { 2, 1, 0 }, { 1, 2, 0 }, { 0, 0, 5 } }));
        var result = LanczosSolver.Solve(op, new LanczosOptions { Count = 3 });
        Assert.True(result.SubspaceExhausted);
        Assert.Equal(new[] { 1.0, 3.0, 5.0 }, result.Pairs.Select(p => Math.Round(p.Value, 12)));
        Assert.All(result.Pairs, p => Assert.True(p.Residual < 1e-12));
    }

    [Fact]
    public void RestrictedToASubspaceItReturnsTheBlockSpectrumAndStaysInTheSubspace()
    {
        using var scope = NewDisposeScope();
        const int n = 80, k = 30;
        var (op, _) = HiddenDiagonal(n, i => Math.Sin(i) * 10, seed: 3);
        // A random k-dimensional subspace S (not invariant under A); reference: eigh of the k×k block QₛᵀAQₛ.
        var (qs, _) = linalg.qr(randn(new long[] { n, k }, ScalarType.Float64, generator: new Generator(5)));
        var subspace = Subspace.FromProjector("S", v => qs.matmul(qs.T.matmul(v)), n, k);
        var block = qs.T.matmul(op.Matrix()).matmul(qs);
        var reference = linalg.eigvalsh(block).data<double>().ToArray();

        var result = LanczosSolver.Solve(new CompressedOperator(op, subspace), new LanczosOptions { Count = 2, MaxBasisSize = 12, MaxProducts = 500 }, subspace);

        Assert.True(result.Converged);
        double[] expected = { reference[0], reference[1], reference[k - 2], reference[k - 1] };
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], result.Pairs[i].Value, 1e-8);
        foreach (var pair in result.Pairs)
        {
            var v = tensor(pair.Vector, dtype: ScalarType.Float64);
            // Re-projection each step keeps the Ritz vectors in S to rounding.
            Assert.True((v - subspace.Project(v)).norm().item<double>() < 1e-12);
        }
    }

    [Fact]
    public void OneDimensionalSubspaceIsExactAfterOneProduct()
    {
        using var scope = NewDisposeScope();
        var op = new MatrixOperator(tensor(new double[,] { { 2, 1, 0 }, { 1, 2, 0 }, { 0, 0, 5 } }));
        var u = tensor(new[] { 1 / Math.Sqrt(2), -1 / Math.Sqrt(2), 0 }, dtype: ScalarType.Float64).reshape(3, 1);
        var line = Subspace.FromBasis("u", u);
        var result = LanczosSolver.Solve(new CompressedOperator(op, line), domain: line);
        Assert.True(result.SubspaceExhausted);
        var pair = Assert.Single(result.Pairs);
        Assert.Equal(1.0, pair.Value, 1e-14); // uᵀAu = (2 − 1 − 1 + 2)/2 = 1
        Assert.Equal(2, result.Products); // one Lanczos step + one residual check
    }
}

using EquiDyn.Analysis;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Analysis;

/// <summary>docs/stability.md dynamics: where augmented GD goes from the perturbed minimiser, and which γ of the
/// stabilising regulariser brings it back. Expected numbers come from the pure-Python reference script
/// (a pure-Python implementation written outside this repository), which uses its own finite-difference gradients.</summary>
public class RegularisedCounterexampleTests
{
    private static StabilityProblem Problem() => CounterexampleProblem.Create();

    [Theory]
    // γ = 0.5 > 3/8: E⊥ eigenvalue −3/8 + 1/2 = 1/8, stable; the reference ends 4.2e-11 from E after 20,000 steps.
    [InlineData(0.5, 0.125, StabilityClass.Stable)]
    // γ = 0.2 < 3/8: E⊥ eigenvalue −3/8 + 1/5 = −0.175, still a saddle.
    [InlineData(0.2, -0.175, StabilityClass.Unstable)]
    public void RegulariserShiftsTheComplementBlockByGamma(double gamma, double expectedMin, StabilityClass expected)
    {
        var report = StabilityAnalysis.Analyze(Problem(), new StabilityOptions { Gamma = gamma, RegularisedSteps = 1200 });
        var check = report.Regularised!;
        // Exact shift of a 1-dimensional block, computed by double backward: rounding only.
        Assert.Equal(expectedMin, check.ComplementMin, 1e-13);
        Assert.Equal(expected, check.Verdict.Class);
        // The penalty vanishes with its gradient on E, so the Equi verdict is unchanged.
        Assert.Equal(StabilityClass.Stable, report.Equivariant.Class);
        // 1200 steps at rate 1 − 0.1·0.125 shrink the distance 1.4e-3 by e^{−15} to ≈ 4e-10; at rate 1.0175 the
        // perturbation would grow by e^{21}, so it leaves the linear regime and ends far from E (0.536 in the reference).
        if (expected == StabilityClass.Stable)
            Assert.True(check.ReturnsToSubspace && check.FinalDistance < 1e-9, $"final distance {check.FinalDistance:E2}");
        else
            Assert.True(!check.ReturnsToSubspace && check.FinalDistance > 0.1, $"final distance {check.FinalDistance:E2}");
    }

    [Fact]
    public void RegulariserLeavesValueAndGradientOnEUnchanged()
    {
        using var scope = NewDisposeScope();
        var problem = Problem();
        var regularised = StabilisingRegulariser.Wrap(problem.AugmentedRisk, problem.Complement, 3.0);
        // An arbitrary point of E (a1 = a2), away from the minimiser: the penalty (γ/2)‖Π⊥θ‖² and its gradient are 0 there.
        var onE = tensor(new[] { 0.3, 0.3, -1.2 }, dtype: ScalarType.Float64);
        Assert.Equal(problem.AugmentedRisk(onE).item<double>(), regularised(onE).item<double>(), 1e-15);
        using var plain = new HessianOperator(problem.AugmentedRisk, onE);
        using var wrapped = new HessianOperator(regularised, onE);
        Assert.Equal(plain.Gradient().data<double>().ToArray(), wrapped.Gradient().data<double>().ToArray(), new Tolerance(1e-15));
        // Off E it adds (γ/2)·d² for the distance d = |a1 − a2|/√2 = 0.1/√2: 1.5·0.005 = 0.0075.
        var offE = tensor(new[] { 0.35, 0.25, -1.2 }, dtype: ScalarType.Float64);
        Assert.Equal(0.0075, regularised(offE).item<double>() - problem.AugmentedRisk(offE).item<double>(), 1e-15);
    }
}

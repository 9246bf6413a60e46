using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Support;

/// <summary>
/// The one equivariance assertion of the test suite: f(g·x) = g·f(x) for every listed group element g, in float64,
/// with the error relative to ‖f(x)‖ and the worst element named in the failure.
/// </summary>
public static class EquivarianceAssert
{
    /// <summary>Asserts f(g·x) ≈ g·f(x) (targets transformed by the element's target permutation, class scores by its
    /// class permutation, or unchanged when invariant) for every element of the action.</summary>
    public static void Holds(Func<Tensor, Tensor> f, DataGroupAction action, Tensor x, double tolerance = 1e-12)
    {
        using var scope = NewDisposeScope();
        var elements = action.Elements ?? throw new ArgumentException("the assertion needs a listable group");
        var fx = f(x);
        double scale = fx.norm().item<double>();
        Assert.True(scale > 1e-8, $"f(x) has norm {scale:E1}: an equivariance test on a (numerically) zero output proves nothing");
        var errors = elements.Select((g, i) =>
        {
            var (gx, gfx) = Transform(action, g, x, fx);
            return (Index: i, Error: (f(gx) - gfx).norm().item<double>() / scale);
        }).ToList();
        var worst = errors.MaxBy(e => e.Error);
        Assert.True(worst.Error <= tolerance,
            $"{action.GroupName}: element #{worst.Index} breaks equivariance, relative error {worst.Error:E3} > {tolerance:E1} " +
            $"(errors of all {errors.Count} elements: {string.Join(", ", errors.Select(e => e.Error.ToString("E1")))})");
    }

    /// <summary>Asserts the opposite: some element breaks equivariance by more than <paramref name="atLeast"/>
    /// (so that a layer outside E is seen not to be equivariant — the assertion itself can fail).</summary>
    public static void Breaks(Func<Tensor, Tensor> f, DataGroupAction action, Tensor x, double atLeast = 1e-6)
    {
        using var scope = NewDisposeScope();
        var fx = f(x);
        double scale = fx.norm().item<double>();
        double worst = action.Elements!.Max(g =>
        {
            var (gx, gfx) = Transform(action, g, x, fx);
            return (f(gx) - gfx).norm().item<double>() / scale;
        });
        Assert.True(worst > atLeast, $"{action.GroupName}: expected a broken equivariance, worst relative error {worst:E3}");
    }

    /// <summary>g·x and g·f(x): f's outputs move as targets (sites) or as class scores.</summary>
    private static (Tensor Inputs, Tensor Outputs) Transform(DataGroupAction action, DataElement g, Tensor x, Tensor fx) =>
        g.Classes is null ? action.Apply(g, x, fx) : (action.Apply(g, x, fx.detach().argmax(-1)).Inputs, DataGroupAction.ApplyToScores(g, fx));
}

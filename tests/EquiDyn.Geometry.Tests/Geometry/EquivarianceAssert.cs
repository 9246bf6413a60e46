using EquiDyn.Symmetry;
using Xunit.Sdk;

namespace EquiDyn.Tests.Geometry;

/// <summary>The one shared check "every group element fixes this vector", reporting the worst element on failure.</summary>
public static class EquivarianceAssert
{
    /// <summary>Asserts ρ̄_g a = a for every listed g of a permutation action on entries.</summary>
    public static void FixedByEveryElement(SiteAction entryAction, double[] a, double tolerance = 1e-12) =>
        FixedByEveryElement(entryAction.Group, g => entryAction.Apply(g, a), a, tolerance, entryAction.Name);

    /// <summary>Asserts act(g) = a for every listed g, where act(g) computes ρ̄_g a.</summary>
    public static void FixedByEveryElement(FiniteGroup group, Func<GroupElement, double[]> act, double[] a, double tolerance = 1e-12, string? what = null)
    {
        double scale = Math.Max(1, a.Max(Math.Abs));
        GroupElement? worst = null;
        double worstError = 0;
        foreach (var g in group.Elements)
        {
            var moved = act(g);
            double error = 0;
            for (int e = 0; e < a.Length; e++) error = Math.Max(error, Math.Abs(moved[e] - a[e]));
            if (error > worstError) (worst, worstError) = (g, error);
        }
        if (worstError > tolerance * scale)
            throw new XunitException(
                $"Not fixed by every element of {group.Name}{(what is null ? "" : $" ({what})")}: worst element {worst} moves it by {worstError:G3} " +
                $"(tolerance {tolerance * scale:G3}).");
    }
}

using System.Numerics;
using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Symmetry;

/// <summary>The groups every group-level test sweeps over, each with its order from a closed form derived by hand.</summary>
public static class TestGroups
{
    public static IEnumerable<object[]> All() => Cases().Select(c => new object[] { c.Label });

    public static (FiniteGroup Group, SiteAction Action, BigInteger ExpectedOrder) Get(string label) => Cases().Single(c => c.Label == label).Value;

    private static IEnumerable<(string Label, (FiniteGroup, SiteAction, BigInteger) Value)> Cases()
    {
        var c4 = new CyclicGroup(4);
        var d4 = new DihedralGroup(4);
        yield return ("C4 on 3×3 taps", (c4, c4.OnKernelTaps(), 4));
        yield return ("C4 on 4×4 grid", (c4, c4.OnGrid(4), 4));
        yield return ("D4 on 5×5 grid", (d4, d4.OnGrid(5), 8));
        var z4 = TranslationGroup.Planar(4);
        yield return ("Z4×Z4", (z4, z4.OnGrid(), 16));
        var z5x = TranslationGroup.AlongX(5);
        yield return ("Z5 along x", (z5x, z5x.OnGrid(), 5));
        var rt3 = new RotoTranslationGroup(3);
        yield return ("Z3²⋊C4", (rt3, rt3.OnGrid(), 36));
        var rt2 = new RotoTranslationGroup(2);
        yield return ("Z2²⋊C4", (rt2, rt2.OnKernelTaps(), 16));
        foreach (int n in new[] { 1, 2, 3, 4, 5 })
        {
            var sn = new SymmetricGroup(n);
            yield return ($"S{n}", (sn, sn.OnAdjacency(), Factorial(n)));
        }
        foreach (int n in new[] { 1, 2, 3, 5, 6 })
        {
            var cn = new CyclicGroup(n);
            yield return ($"C{n} on a ring of {2 * n}", (cn, cn.OnNodes(2 * n), n));
            var dn = new DihedralGroup(n);
            yield return ($"D{n} on a ring of {n}", (dn, dn.OnAdjacency(n), 2 * n));
        }
        foreach (int n in new[] { 1, 2 })
        {
            var cn = new CyclicGroup(n);
            yield return ($"C{n} on 4×4 grid", (cn, cn.OnGrid(4), n));
            var dn = new DihedralGroup(n);
            yield return ($"D{n} on 3×3 taps", (dn, dn.OnKernelTaps(), 2 * n));
        }
        var c7 = new CyclicGroup(7);
        yield return ("C7 ring adjacency", (c7, c7.OnAdjacency(7), 7));
        var subclass = new UserDefinedKlein();
        yield return ("user subclass Z2×Z2", (subclass, subclass.DefiningAction, 4));
        var trivial = new TrivialGroup();
        yield return ("trivial", (trivial, SiteAction.Trivial(trivial, 3), 1));
        // Z2 × Z3 ≅ Z6 from two commuting disjoint cycles on 5 points.
        var user = new PermutationGroup("Z2×Z3", 5, new[] { new[] { 1, 0, 2, 3, 4 }, new[] { 0, 1, 3, 4, 2 } });
        yield return ("user Z2×Z3", (user, user.DefiningAction, 6));
    }

    /// <summary>A group defined outside the library through the protected constructor: Z2×Z2 as two commuting
    /// disjoint transpositions, with its presentation ⟨a, b | a², b², abab⟩.</summary>
    private sealed class UserDefinedKlein : FiniteGroup
    {
        public UserDefinedKlein()
            : base("K4", 4, new[] { new[] { 1, 0, 2, 3 }, new[] { 0, 1, 3, 2 } }, new[] { "a", "b" }, 4,
                new[] { new[] { 0, 0 }, new[] { 1, 1 }, new[] { 0, 1, 0, 1 } })
        {
        }
    }

    private static BigInteger Factorial(int n) => n <= 1 ? 1 : n * Factorial(n - 1);
}

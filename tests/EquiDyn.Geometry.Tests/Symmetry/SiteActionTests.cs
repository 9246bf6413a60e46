using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Symmetry;

public class SiteActionTests
{
    [Theory]
    [MemberData(nameof(TestGroups.All), MemberType = typeof(TestGroups))]
    public void TheActionIsAHomomorphismOnEveryPair(string label)
    {
        var (group, action, _) = TestGroups.Get(label);
        var elements = group.Elements;
        var random = new Random(11);
        for (int t = 0; t < Math.Min(elements.Count * elements.Count, 2000); t++)
        {
            var (g, h) = (elements[random.Next(elements.Count)], elements[random.Next(elements.Count)]);
            var composed = action.Permutation(group.Compose(g, h));
            var g_ = action.Permutation(g);
            var h_ = action.Permutation(h);
            Assert.Equal(composed, h_.Select(s => g_[s]).ToArray());
        }
        Assert.All(action.Permutation(group.Identity).Select((image, site) => (image, site)), p => Assert.Equal(p.site, p.image));
    }

    [Fact]
    public void OneGroupActsConsistentlyOnSeveralSiteSets()
    {
        var c4 = new CyclicGroup(4);
        var actions = new[] { c4.OnGrid(28), c4.OnGrid(14), c4.OnKernelTaps(), SiteAction.Trivial(c4, 10) };
        var r = c4.Generators[0];
        var r2 = c4.Compose(r, r);
        foreach (var action in actions)
        {
            Assert.Same(c4, action.Group);
            // r² computed through the group equals r applied twice on the sites.
            var once = action.Permutation(r);
            Assert.Equal(action.Permutation(r2), once.Select(s => once[s]).ToArray());
            var four = action.Permutation(c4.Compose(r2, r2));
            Assert.Equal(Enumerable.Range(0, action.SiteCount), four);
        }
        // The quarter turn is the same rotation on every grid: (0,0) goes to the bottom-left corner.
        Assert.Equal(27 * 28, actions[0].Permutation(r)[0]);
        Assert.Equal(13 * 14, actions[1].Permutation(r)[0]);
        Assert.Equal(6, actions[2].Permutation(r)[0]);
    }

    [Fact]
    public void OddGridsFixTheCentreAndEvenGridsFixNothing()
    {
        var c4 = new CyclicGroup(4);
        var odd = c4.OnGrid(5).Permutation(c4.Generators[0]);
        Assert.Equal(new[] { 12 }, Enumerable.Range(0, 25).Where(s => odd[s] == s));
        var even = c4.OnGrid(4).Permutation(c4.Generators[0]);
        Assert.DoesNotContain(Enumerable.Range(0, 16), s => even[s] == s);
    }

    [Fact]
    public void WrongSizeNamesTheGeneratorAndTheSizes()
    {
        var c4 = new CyclicGroup(4);
        var error = Assert.Throws<ArgumentException>(() => new SiteAction(c4, 9, new[] { new[] { 0, 1, 2 } }, "taps"));
        Assert.Contains("generator 'r'", error.Message);
        Assert.Contains("length 3, expected 9", error.Message);
    }

    [Fact]
    public void NonPermutationNamesTheCollidingSites()
    {
        var d4 = new DihedralGroup(4);
        var error = Assert.Throws<ArgumentException>(() => new SiteAction(d4, 3, new[] { new[] { 1, 2, 0 }, new[] { 0, 2, 2 } }));
        Assert.Contains("generator 'f'", error.Message);
        Assert.Contains("both sent to 2", error.Message);
    }

    [Fact]
    public void WrongGeneratorCountIsRejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new SiteAction(new DihedralGroup(4), 4, new[] { new[] { 1, 2, 3, 0 } }));
        Assert.Contains("2 generator(s) (r, f)", error.Message);
    }

    [Fact]
    public void ImagesViolatingARelationAreRejectedByName()
    {
        // A 3-cycle cannot be the image of r in C4: r⁴ would be a 3-cycle, not the identity.
        var error = Assert.Throws<ArgumentException>(() => new SiteAction(new CyclicGroup(4), 3, new[] { new[] { 1, 2, 0 } }));
        Assert.Contains("r^4 = e fails", error.Message);
    }

    [Fact]
    public void SymmetricGroupActionsAreCheckedWithoutListing()
    {
        var s10 = new SymmetricGroup(10);
        Assert.Equal(100, s10.OnAdjacency().SiteCount);
        // s ↦ identity, c ↦ the 10-cycle violates (s·c)^9 = e.
        var cycle = Enumerable.Range(0, 10).Select(i => (i + 1) % 10).ToArray();
        var error = Assert.Throws<ArgumentException>(() => new SiteAction(s10, 10, new[] { Enumerable.Range(0, 10).ToArray(), cycle }));
        Assert.Contains("S10", error.Message);
        Assert.Contains("fails", error.Message);
        // s ↦ (0 1)(2 3) commutes wrongly with c: its conjugates are not disjoint transposition pairs.
        var doubleSwap = new[] { 1, 0, 3, 2, 4, 5, 6, 7, 8, 9 };
        Assert.Throws<ArgumentException>(() => new SiteAction(s10, 10, new[] { doubleSwap, cycle }));
    }

    [Fact]
    public void UserGroupActionsAreCheckedAlongTheCayleyGraph()
    {
        var z6 = new PermutationGroup("Z2×Z3", 5, new[] { new[] { 1, 0, 2, 3, 4 }, new[] { 0, 1, 3, 4, 2 } }, new[] { "a", "b" });
        // The sign-like action a ↦ swap, b ↦ identity is an action; a ↦ identity, b ↦ a swap is not (b³ = e fails).
        _ = new SiteAction(z6, 2, new[] { new[] { 1, 0 }, new[] { 0, 1 } });
        var error = Assert.Throws<ArgumentException>(() => new SiteAction(z6, 2, new[] { new[] { 0, 1 }, new[] { 1, 0 } }));
        Assert.Contains("act differently", error.Message);
    }

    [Fact]
    public void ApplyMovesValuesWithTheSites()
    {
        var c4 = new CyclicGroup(4);
        var taps = c4.OnKernelTaps();
        var kernel = new double[] { 1, 0, 0, 0, 0, 0, 0, 0, 0 }; // a 1 at the top-left tap
        var rotated = taps.Apply(c4.Generators[0], kernel);
        Assert.Equal(1, rotated[6]); // counter-clockwise quarter turn: top-left → bottom-left
    }
}

using System.Numerics;
using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Symmetry;

public class FiniteGroupTests
{
    [Theory]
    [MemberData(nameof(TestGroups.All), MemberType = typeof(TestGroups))]
    public void OrderMatchesTheClosedFormAndTheListing(string label)
    {
        var (group, _, expected) = TestGroups.Get(label);
        Assert.Equal(expected, group.Order);
        Assert.Equal(expected, new BigInteger(group.Elements.Count));
        Assert.Equal(group.Elements.Count, group.Elements.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(TestGroups.All), MemberType = typeof(TestGroups))]
    public void IdentityInverseAndAssociativityHoldOnTheListedElements(string label)
    {
        var (group, _, _) = TestGroups.Get(label);
        var elements = group.Elements;
        Assert.True(elements[0].IsIdentity);
        Assert.Equal(group.Identity, elements[0]);
        foreach (var a in elements)
        {
            Assert.Equal(a, group.Compose(group.Identity, a));
            Assert.Equal(a, group.Compose(a, group.Identity));
            Assert.Equal(group.Identity, group.Compose(a, group.Inverse(a)));
            Assert.Equal(group.Identity, group.Compose(group.Inverse(a), a));
        }
        // Associativity on every triple for groups of at most 24 elements, on a deterministic sample of triples otherwise.
        if (elements.Count <= 24)
        {
            foreach (var a in elements)
            foreach (var b in elements)
            foreach (var c in elements)
                Assert.Equal(group.Compose(group.Compose(a, b), c), group.Compose(a, group.Compose(b, c)));
        }
        else
        {
            var random = new Random(7);
            for (int t = 0; t < 3000; t++)
            {
                var (a, b, c) = (elements[random.Next(elements.Count)], elements[random.Next(elements.Count)], elements[random.Next(elements.Count)]);
                Assert.Equal(group.Compose(group.Compose(a, b), c), group.Compose(a, group.Compose(b, c)));
            }
        }
        // Closure: products of listed elements are listed.
        var set = elements.ToHashSet();
        foreach (var a in elements.Take(50))
            foreach (var b in elements.Take(50))
                Assert.Contains(group.Compose(a, b), set);
    }

    [Theory]
    [MemberData(nameof(TestGroups.All), MemberType = typeof(TestGroups))]
    public void GeneratorsGenerateAndWordsEvaluateToTheirElements(string label)
    {
        var (group, _, _) = TestGroups.Get(label);
        // Every listed element's word, multiplied out from the generators, gives back the element.
        foreach (var g in group.Elements)
        {
            var product = group.Identity;
            foreach (int letter in g.Word)
                product = group.Compose(product, letter >= 0 ? group.Generators[letter] : group.Inverse(group.Generators[~letter]));
            Assert.Equal(g, product);
        }
    }

    [Theory]
    [MemberData(nameof(TestGroups.All), MemberType = typeof(TestGroups))]
    public void SamplingIsUniformOverTheElements(string label)
    {
        var (group, _, _) = TestGroups.Get(label);
        int count = group.Elements.Count, draws = 400 * count;
        var random = new Random(3);
        var hits = new int[count];
        for (int t = 0; t < draws; t++) hits[group.IndexOf(group.Sample(random))]++;
        // Each count is Binomial(draws, 1/|G|): mean 400, sd < 20; 6 sd is a bound a correct sampler never
        // crosses in this fixed-seed run, while a sampler missing an element or favouring one by 1.5× always does.
        Assert.All(hits, h => Assert.InRange(h, 400 - 120, 400 + 120));
    }

    [Theory]
    [MemberData(nameof(TestGroups.All), MemberType = typeof(TestGroups))]
    public void OrbitCountOnSitesMatchesBurnside(string label)
    {
        // Orbits by union-find over the generators (LayerSpace) against the average number of fixed sites over the
        // listed elements (Burnside's lemma): two independent counts.
        var (group, action, _) = TestGroups.Get(label);
        long fixedSites = action.ElementPermutations.Sum(p => (long)p.Where((image, site) => image == site).Count());
        var layer = EquiDyn.Geometry.LayerSpace.Dense(action, SiteAction.Trivial(group, 1));
        Assert.Equal(0, fixedSites % group.Elements.Count);
        Assert.Equal(fixedSites / group.Elements.Count, layer.OrbitCount);
    }

    [Fact]
    public void SymmetricGroupSamplesUniformlyWithoutListing()
    {
        // S_9 (362 880 elements) is never listed; the sampler writes a Fisher–Yates permutation as a word. Uniformity:
        // the image of node 0 is uniform over the 9 nodes, and every sample's word evaluates to its permutation.
        var s9 = new SymmetricGroup(9);
        var random = new Random(5);
        var hits = new int[9];
        for (int t = 0; t < 1800; t++)
        {
            var g = s9.Sample(random);
            Assert.Equal(g, s9.FromWord(g.Word));
            Assert.Equal(g.Images, s9.OnNodes().Permutation(g));
            hits[g.Images[0]]++;
        }
        Assert.All(hits, h => Assert.InRange(h, 200 - 75, 200 + 75)); // Binomial(1800, 1/9): sd ≈ 12.6, bound 6 sd
    }

    [Fact]
    public void SymmetricGroupOrderIsFactorialWithoutListing()
    {
        var s10 = new SymmetricGroup(10);
        Assert.Equal(new BigInteger(3_628_800), s10.Order);
        Assert.False(s10.IsListable);
        var error = Assert.Throws<InvalidOperationException>(() => s10.Elements);
        Assert.Contains("3628800", error.Message);
        Assert.Equal(new BigInteger(2_432_902_008_176_640_000), new SymmetricGroup(20).Order);
    }

    [Fact]
    public void RotoTranslationOrderIs4n2ForLargeGrids()
    {
        Assert.Equal(new BigInteger(4 * 28 * 28), new RotoTranslationGroup(28).Order);
        Assert.Equal(28 * 28, TranslationGroup.Planar(28).Elements.Count);
    }

    [Fact]
    public void WordsArePrintedWithPowers()
    {
        var c4 = new CyclicGroup(4);
        var r = c4.Generators[0];
        Assert.Equal("e", c4.Identity.ToString());
        Assert.Equal("r^2", c4.Compose(r, r).ToString());
        Assert.Equal(4, c4.Elements.Select(e => e.ToString()).Distinct().Count());
    }

    [Fact]
    public void GroupsOfTheSameKindAndGeneratorsAreEqual()
    {
        Assert.Equal<FiniteGroup>(new CyclicGroup(4), new CyclicGroup(4));
        Assert.Equal<FiniteGroup>(new SymmetricGroup(6), new SymmetricGroup(6));
        Assert.NotEqual<FiniteGroup>(new SymmetricGroup(6), new SymmetricGroup(5));
        Assert.NotEqual<FiniteGroup>(TranslationGroup.Planar(4), TranslationGroup.AlongX(4));
    }

    [Fact]
    public void UserGroupRejectsANonPermutationGeneratorByName()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new PermutationGroup("bad", 3, new[] { new[] { 1, 2, 0 }, new[] { 0, 0, 1 } }, new[] { "a", "b" }));
        Assert.Contains("'b'", error.Message);
        Assert.Contains("both sent to 0", error.Message);
    }

    [Fact]
    public void UserGroupTooLargeToListFailsAtConstruction()
    {
        // S_9 as a user-defined group: 362 880 elements > the listing limit.
        var cycle = Enumerable.Range(0, 9).Select(i => (i + 1) % 9).ToArray();
        var swap = new[] { 1, 0, 2, 3, 4, 5, 6, 7, 8 };
        var error = Assert.Throws<InvalidOperationException>(() => new PermutationGroup("S9", 9, new[] { swap, cycle }));
        Assert.Contains("100000", error.Message);
    }
}

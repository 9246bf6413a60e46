using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Symmetry;

public class OrthogonalRepresentationTests
{
    private static readonly double[,] QuarterTurn = { { 0, -1 }, { 1, 0 } };

    [Fact]
    public void RotationRepresentationOfC4HasTheExpectedCharacters()
    {
        var c4 = new CyclicGroup(4);
        var rho = new OrthogonalRepresentation(c4, 2, new[] { QuarterTurn });
        // χ = 2, 0, −2, 0 on e, r, r², r³.
        var r = c4.Generators[0];
        Assert.Equal(2, rho.Character(c4.Identity), 1e-12);
        Assert.Equal(0, rho.Character(r), 1e-12);
        Assert.Equal(-2, rho.Character(c4.Compose(r, r)), 1e-12);
    }

    [Fact]
    public void SignRepresentationIsParity()
    {
        var s4 = new SymmetricGroup(4);
        var sign = OrthogonalRepresentation.Sign(s4);
        // 12 even and 12 odd permutations.
        Assert.Equal(12, s4.Elements.Count(g => sign.Character(g) > 0));
        Assert.Equal(-1, sign.Character(s4.Generators[0])); // a transposition
        Assert.Equal(-1, sign.Character(s4.Generators[1])); // a 4-cycle
    }

    [Fact]
    public void NonOrthogonalGeneratorIsRejectedByName()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new OrthogonalRepresentation(new CyclicGroup(4), 2, new[] { new double[,] { { 0, -2 }, { 0.5, 0 } } }));
        Assert.Contains("ρ(r) is not orthogonal", error.Message);
    }

    [Fact]
    public void ViolatedRelationNamesTheOffendingElement()
    {
        // A 60° rotation is orthogonal, but r ↦ it violates r⁴ = e.
        double c = Math.Cos(Math.PI / 3), s = Math.Sin(Math.PI / 3);
        var error = Assert.Throws<ArgumentException>(() =>
            new OrthogonalRepresentation(new CyclicGroup(4), 2, new[] { new double[,] { { c, -s }, { s, c } } }));
        Assert.Contains("not a homomorphism", error.Message);
        Assert.Contains("ρ(r)·ρ(r^", error.Message);
    }

    [Fact]
    public void NonListableGroupsAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => OrthogonalRepresentation.Sign(new SymmetricGroup(10)));
        Assert.Contains("listable", error.Message);
    }
}

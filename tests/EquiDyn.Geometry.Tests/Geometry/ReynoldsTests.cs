using EquiDyn.Geometry;
using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Geometry;

/// <summary>Orbit averaging equals the Reynolds sum (1/|G|)Σ_g ρ̄_g; the Reynolds path handles non-permutation representations.</summary>
public class ReynoldsTests
{
    public static IEnumerable<object[]> Layers() => Cases().Select(c => new object[] { c.Label });

    private static IEnumerable<(string Label, SiteAction Input, SiteAction Output)> Cases()
    {
        var c4 = new CyclicGroup(4);
        var d4 = new DihedralGroup(4);
        var z3 = TranslationGroup.Planar(3);
        var s4 = new SymmetricGroup(4);
        yield return ("C4", c4.OnGrid(3), c4.OnGrid(3));
        yield return ("Z3²", z3.OnGrid(), z3.OnGrid());
        yield return ("D4", d4.OnGrid(3), d4.OnGrid(3));
        yield return ("S4", s4.OnAdjacency(), s4.OnNodes());
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void OrbitAveragingEqualsTheSumOverAllListedElements(string label)
    {
        var (_, input, output) = Cases().Single(c => c.Label == label);
        var layer = LayerSpace.Dense(input, output);
        var random = new Random(label.Length);
        var a = Enumerable.Range(0, layer.Dimension).Select(_ => random.NextDouble() - 0.5).ToArray();

        // (1/|G|) Σ_g ρ̄_g a, with ρ̄_g from the listed elements' permutations of the entries.
        var sum = new double[a.Length];
        var elements = layer.Group.Elements;
        foreach (var g in elements)
        {
            var moved = layer.EntryAction.Apply(g, a);
            for (int e = 0; e < a.Length; e++) sum[e] += moved[e] / elements.Count;
        }
        var averaged = layer.Equivariant.Apply(a);
        for (int e = 0; e < a.Length; e++) Assert.Equal(sum[e], averaged[e], 1e-13);

        // The same through permutation matrices ρ_out(g) A ρ_in(g)ᵀ.
        var reynolds = new ReynoldsProjector(OrthogonalRepresentation.FromSiteAction(input), OrthogonalRepresentation.FromSiteAction(output));
        Assert.Equal(layer.OrbitCount, reynolds.Rank);
        var viaMatrices = reynolds.Apply(a);
        for (int e = 0; e < a.Length; e++) Assert.Equal(sum[e], viaMatrices[e], 1e-13);
    }

    [Fact]
    public void RotationRepresentationCommutantIsSpannedByIAndJ()
    {
        // C4 acting on ℝ² by a quarter turn J: Hom_G = matrices commuting with J = span{I, J}; ⟨χ,χ⟩ = (4+0+4+0)/4 = 2.
        var c4 = new CyclicGroup(4);
        var rho = new OrthogonalRepresentation(c4, 2, new[] { new double[,] { { 0, -1 }, { 1, 0 } } });
        var projector = new ReynoldsProjector(rho, rho);
        Assert.Equal(2, projector.Rank);
        Assert.Equal(2, projector.Basis.Count);
        // A = [[a, b], [c, d]] ↦ ((a+d)/2) I + ((c−b)/2) J.
        var p = projector.Apply(new double[] { 1, 2, 3, 4 });
        Assert.Equal(new[] { 2.5, -0.5, 0.5, 2.5 }, p.Select(x => Math.Round(x, 12)));
        EquivarianceAssert.FixedByEveryElement(c4, g => Conjugate(rho.Matrix(g), p, rho.Matrix(g)), p);
    }

    [Fact]
    public void SignRepresentationsThroughTheReynoldsPath()
    {
        var s3 = new SymmetricGroup(3);
        var sign = OrthogonalRepresentation.Sign(s3);
        var nodes = OrthogonalRepresentation.FromSiteAction(s3.OnNodes());
        // ℝ³ = trivial ⊕ standard contains no sign: Hom_G(sign, ℝ³) = 0; Hom_G(sign, sign) = ℝ; Hom_G(ℝ³, ℝ³) = 2.
        Assert.Equal(0, new ReynoldsProjector(sign, nodes).Rank);
        Assert.Equal(1, new ReynoldsProjector(sign, sign).Rank);
        Assert.Equal(2, new ReynoldsProjector(nodes, nodes).Rank);
        var zero = new ReynoldsProjector(sign, nodes).Apply(new double[] { 1, 2, 3 });
        Assert.All(zero, x => Assert.Equal(0, x, 14));
    }

    [Fact]
    public void GeometryOfANonPermutationRepresentation()
    {
        // Rotation representation of C4 on ℝ², H = 2×2 matrices, E = span{I, J}.
        var c4 = new CyclicGroup(4);
        var rho = new OrthogonalRepresentation(c4, 2, new[] { new double[,] { { 0, -1 }, { 1, 0 } } });
        var projector = new ReynoldsProjector(rho, rho);
        // Diagonal matrices: Π_E diag(a, b) = ((a+b)/2) I ∈ L, so compatible, E∩L = span{I}.
        var diagonal = LayerGeometry.Analyze(projector, AdmissibleSpace.SupportMask(new[] { true, false, false, true }));
        Assert.True(diagonal.Compatibility.IsCompatible, diagonal.Compatibility.Reason);
        Assert.Equal(1, diagonal.IntersectionDimension);
        // Only A[0,0]: Π_E e00 = I/2 ∉ L, λ = ⟨e00, Π_E e00⟩ = 1/2, so ‖[Π_L, Π_E]‖₂ = √(1/4) = 1/2 and E∩L = 0.
        var corner = LayerGeometry.Analyze(projector, AdmissibleSpace.SupportMask(new[] { true, false, false, false }));
        Assert.False(corner.Compatibility.IsCompatible);
        Assert.Equal(0.5, corner.Compatibility.CommutatorNorm, 1e-12);
        Assert.Equal(0, corner.IntersectionDimension);
    }

    private static double[] Conjugate(double[,] left, double[] a, double[,] right)
    {
        // ρ(g) A ρ(g)ᵀ for 2×2 A stored row-major.
        var result = new double[4];
        for (int o = 0; o < 2; o++)
        for (int i = 0; i < 2; i++)
        for (int k = 0; k < 2; k++)
        for (int l = 0; l < 2; l++) result[o * 2 + i] += left[o, k] * a[k * 2 + l] * right[i, l];
        return result;
    }
}

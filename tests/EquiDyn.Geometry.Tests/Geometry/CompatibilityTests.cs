using EquiDyn.Geometry;
using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Geometry;

/// <summary>Compatibility Π_LΠ_E = Π_EΠ_L and E∩L for the paper's supports and the worked examples of docs/concepts.md.</summary>
public class CompatibilityTests
{
    private static readonly LayerSpace C4Kernel = LayerSpace.Kernel(new CyclicGroup(4).OnKernelTaps());

    [Theory]
    [InlineData("cross", true, 2)]   // mid + side
    [InlineData("skew", false, 1)]   // side only
    [InlineData("full", true, 3)]    // mid + side + corner
    [InlineData("101,010,101", true, 2)] // corner + mid
    [InlineData("100,000,000", false, 0)]
    public void KernelSupportsHaveTheExpectedIntersection(string support, bool compatible, int intersection)
    {
        var geometry = LayerGeometry.Analyze(C4Kernel, KernelSupport.Parse(support).ToAdmissibleSpace());
        Assert.Equal(9, geometry.AmbientDimension);
        Assert.Equal(3, geometry.EquivariantDimension);
        Assert.Equal(KernelSupport.Parse(support).Taps.Count, geometry.AdmissibleDimension);
        Assert.Equal(intersection, geometry.IntersectionDimension);
        Assert.Equal(compatible, geometry.Compatibility.IsCompatible);
        Assert.Equal(compatible, geometry.Compatibility.StraddlingOrbits.Count == 0);
    }

    [Fact]
    public void SkewNamesTheCornerOrbitAndItsCommutator()
    {
        var report = LayerGeometry.Analyze(C4Kernel, KernelSupport.Skew.ToAdmissibleSpace()).Compatibility;
        var corner = Assert.Single(report.StraddlingOrbits);
        Assert.Equal(new[] { "(0,0)", "(0,2)", "(2,0)", "(2,2)" }, corner.Labels);
        Assert.Equal(new[] { "(0,0)" }, corner.LabelsInSupport);
        // One corner of four is inside: λ = 1/4, singular value √(λ(1−λ)) = √3/4 (twice), Frobenius √(2·3/16).
        Assert.Equal(Math.Sqrt(3) / 4, report.CommutatorNorm, 1e-14);
        Assert.Equal(Math.Sqrt(3.0 / 8), report.CommutatorFrobeniusNorm, 1e-14);
        Assert.Contains("straddle", report.Reason);
    }

    [Theory]
    [InlineData("cross")]
    [InlineData("skew")]
    [InlineData("full")]
    [InlineData("110,011,001")]
    public void TheGeneralPathAgreesWithTheExactOrbitPath(string support)
    {
        var mask = KernelSupport.Parse(support).Mask;
        var exact = LayerGeometry.Analyze(C4Kernel, AdmissibleSpace.SupportMask(mask));
        // The same L, given as a non-orthonormal spanning set (sums of consecutive unit vectors) with a duplicate.
        var taps = Enumerable.Range(0, 9).Where(t => mask[t]).ToArray();
        var vectors = taps.Select((t, i) => Unit(9, t, i + 1 < taps.Length ? taps[i + 1] : t)).Append(Unit(9, taps[0])).ToArray();
        var general = LayerGeometry.Analyze(C4Kernel, AdmissibleSpace.SpannedBy(vectors));
        Assert.Equal(exact.AdmissibleDimension, general.AdmissibleDimension);
        Assert.Equal(exact.IntersectionDimension, general.IntersectionDimension);
        Assert.Equal(exact.Compatibility.IsCompatible, general.Compatibility.IsCompatible);
        Assert.Equal(exact.Compatibility.CommutatorNorm, general.Compatibility.CommutatorNorm, 1e-10);
        Assert.Equal(exact.Compatibility.CommutatorFrobeniusNorm, general.Compatibility.CommutatorFrobeniusNorm, 1e-10);
        AssertSameProjector(exact.Intersection, general.Intersection);
    }

    [Theory]
    [InlineData("cross")]
    [InlineData("full")]
    public void UnderCompatibilityTheIntersectionProjectorIsTheProduct(string support)
    {
        var geometry = LayerGeometry.Analyze(C4Kernel, KernelSupport.Parse(support).ToAdmissibleSpace());
        var random = new Random(3);
        for (int trial = 0; trial < 20; trial++)
        {
            var a = Enumerable.Range(0, 9).Select(_ => random.NextDouble() - 0.5).ToArray();
            var el = geometry.Equivariant.Apply(geometry.Admissible.Apply(a));
            var le = geometry.Admissible.Apply(geometry.Equivariant.Apply(a));
            var both = geometry.Intersection.Apply(a);
            for (int e = 0; e < 9; e++)
            {
                Assert.Equal(el[e], le[e], 1e-14);
                Assert.Equal(el[e], both[e], 1e-14);
            }
        }
    }

    [Fact]
    public void CompatibleWithoutBeingInvariant()
    {
        // docs/concepts.md: Z3 shifting ℝ³, E = span(1,1,1), L = span{(1,1,1), v} with v ⊥ (1,1,1) generic.
        var z3 = TranslationGroup.AlongX(3);
        var layer = LayerSpace.Dense(new SiteAction(z3, 3, new[] { new[] { 1, 2, 0 } }), SiteAction.Trivial(z3, 1));
        double[] v = { 1, 2, -3 };
        var admissible = AdmissibleSpace.SpannedBy(new[] { new double[] { 1, 1, 1 }, v });
        var geometry = LayerGeometry.Analyze(layer, admissible);
        Assert.True(geometry.Compatibility.IsCompatible, geometry.Compatibility.Reason);
        Assert.Equal(1, geometry.EquivariantDimension);
        Assert.Equal(1, geometry.IntersectionDimension);
        // Not invariant: the shifted v = (−3, 1, 2) leaves L.
        var shifted = layer.EntryAction.Apply(z3.Generators[0], v);
        var back = admissible.Projector.Apply(shifted);
        Assert.True(Math.Abs(back[0] - shifted[0]) > 0.1);
    }

    [Fact]
    public void TheIncompatibleZ2Example()
    {
        // docs/concepts.md: Z2 swaps coordinates 1 and 2 of ℝ³, E = {(s,s,t)}, L = span{e1, e3}.
        var z2 = new PermutationGroup("Z2", 2, new[] { new[] { 1, 0 } });
        var layer = LayerSpace.Dense(new SiteAction(z2, 3, new[] { new[] { 1, 0, 2 } }), SiteAction.Trivial(z2, 1));
        var geometry = LayerGeometry.Analyze(layer, AdmissibleSpace.SupportMask(new[] { true, false, true }));
        double[] e1 = { 1, 0, 0 };
        Assert.Equal(new[] { 0.5, 0, 0 }, geometry.Admissible.Apply(geometry.Equivariant.Apply(e1)));
        Assert.Equal(new[] { 0.5, 0.5, 0 }, geometry.Equivariant.Apply(geometry.Admissible.Apply(e1)));
        Assert.False(geometry.Compatibility.IsCompatible);
        Assert.Equal(1, geometry.IntersectionDimension); // E∩L = span{e3}
        Assert.Equal(0.5, geometry.Compatibility.CommutatorNorm, 14); // λ = 1/2 for the orbit {e1, e2}
        Assert.Equal(new[] { "(0,0)", "(0,1)" }, Assert.Single(geometry.Compatibility.StraddlingOrbits).Labels);
    }

    [Fact]
    public void SupportMustMatchTheLayer()
    {
        var error = Assert.Throws<ArgumentException>(() => LayerGeometry.Analyze(C4Kernel, AdmissibleSpace.Full(10)));
        Assert.Contains("ℝ^10", error.Message);
    }

    internal static void AssertSameProjector(Projector expected, Projector actual)
    {
        var a = expected.ToMatrix();
        var b = actual.ToMatrix();
        for (int i = 0; i < expected.Dimension; i++)
        for (int j = 0; j < expected.Dimension; j++) Assert.Equal(a[i, j], b[i, j], 1e-10);
    }

    private static double[] Unit(int d, params int[] entries)
    {
        var v = new double[d];
        foreach (int e in entries) v[e] += 1;
        return v;
    }
}

using CsCheck;
using EquiDyn.Geometry;
using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Geometry;

/// <summary>Π² = Π = Πᵀ and equivariance of Π_E A, on random inputs, for every kind of projector.</summary>
public class ProjectorPropertyTests
{
    public static IEnumerable<object[]> Layers() => LayerCases().Select(c => new object[] { c.Label });

    private static IEnumerable<(string Label, LayerSpace Layer, AdmissibleSpace Admissible)> LayerCases()
    {
        var c4 = new CyclicGroup(4);
        var d4 = new DihedralGroup(4);
        var rt = new RotoTranslationGroup(3);
        var s4 = new SymmetricGroup(4);
        var z3 = TranslationGroup.Planar(3);
        yield return ("C4 kernel skew", LayerSpace.Kernel(c4.OnKernelTaps()), KernelSupport.Skew.ToAdmissibleSpace());
        yield return ("C4 kernel cross", LayerSpace.Kernel(c4.OnKernelTaps()), KernelSupport.Cross.ToAdmissibleSpace());
        yield return ("D4 dense 3×3→3×3", LayerSpace.Dense(d4.OnGrid(3), d4.OnGrid(3)), AdmissibleSpace.Full(81));
        yield return ("Z3² dense", LayerSpace.Dense(z3.OnGrid(), z3.OnGrid()), RandomMask(81, 3));
        yield return ("Z3²⋊C4 dense", LayerSpace.Dense(rt.OnGrid(), rt.OnGrid()), RandomMask(81, 4));
        yield return ("S4 adjacency→scalar", LayerSpace.Dense(s4.OnAdjacency(), SiteAction.Trivial(s4, 1)), RandomMask(16, 5));
        yield return ("S4 nodes, random basis L", LayerSpace.Dense(s4.OnNodes(), s4.OnNodes()), RandomSpan(16, 5, 6));
    }

    private static (LayerSpace Layer, AdmissibleSpace Admissible) Get(string label)
    {
        var c = LayerCases().Single(x => x.Label == label);
        return (c.Layer, c.Admissible);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void EveryProjectorIsIdempotentAndSymmetric(string label)
    {
        var (layer, admissible) = Get(label);
        var geometry = LayerGeometry.Analyze(layer, admissible);
        foreach (var projector in new[] { geometry.Equivariant, geometry.Admissible, geometry.Intersection })
        {
            Gen.Double[-1, 1].Array[layer.Dimension].Select(Gen.Double[-1, 1].Array[layer.Dimension]).Sample((x, y) =>
            {
                var px = projector.Apply(x);
                var ppx = projector.Apply(px);
                for (int e = 0; e < x.Length; e++) Assert.Equal(px[e], ppx[e], 1e-12);
                // Πᵀ = Π ⟺ ⟨Πx, y⟩ = ⟨x, Πy⟩ for all x, y.
                var py = projector.Apply(y);
                Assert.Equal(Dot(px, y), Dot(x, py), 1e-10);
            }, iter: 50);
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void EveryGroupElementFixesTheProjectionOntoE(string label)
    {
        var (layer, admissible) = Get(label);
        var geometry = LayerGeometry.Analyze(layer, admissible);
        Gen.Double[-1, 1].Array[layer.Dimension].Sample(a =>
        {
            EquivarianceAssert.FixedByEveryElement(layer.EntryAction, layer.Equivariant.Apply(a));
            EquivarianceAssert.FixedByEveryElement(layer.EntryAction, geometry.Intersection.Apply(a), 1e-10);
        }, iter: 20);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void BasesAreOrthonormalAndSpanTheRange(string label)
    {
        var (layer, admissible) = Get(label);
        var geometry = LayerGeometry.Analyze(layer, admissible);
        foreach (var projector in new[] { geometry.Equivariant, geometry.Admissible, geometry.Intersection })
        {
            var basis = projector.Basis;
            Assert.Equal(projector.Rank, basis.Count);
            for (int i = 0; i < basis.Count; i++)
            {
                for (int j = 0; j < basis.Count; j++) Assert.Equal(i == j ? 1 : 0, Dot(basis[i], basis[j]), 1e-10);
                var pb = projector.Apply(basis[i]);
                for (int e = 0; e < pb.Length; e++) Assert.Equal(basis[i][e], pb[e], 1e-10);
            }
        }
    }

    [Fact]
    public void IntersectionLiesInBothSpaces()
    {
        foreach (var (_, layer, admissible) in LayerCases())
        {
            var geometry = LayerGeometry.Analyze(layer, admissible);
            foreach (var v in geometry.Intersection.Basis)
            {
                var inE = geometry.Equivariant.Apply(v);
                var inL = geometry.Admissible.Apply(v);
                for (int e = 0; e < v.Length; e++)
                {
                    Assert.Equal(v[e], inE[e], 1e-10);
                    Assert.Equal(v[e], inL[e], 1e-10);
                }
            }
        }
    }

    internal static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static AdmissibleSpace RandomMask(int d, int seed)
    {
        var random = new Random(seed);
        return AdmissibleSpace.SupportMask(Enumerable.Range(0, d).Select(_ => random.NextDouble() < 0.5).ToArray());
    }

    private static AdmissibleSpace RandomSpan(int d, int k, int seed)
    {
        var normal = new StandardNormal(seed);
        return AdmissibleSpace.SpannedBy(Enumerable.Range(0, k).Select(_ => Enumerable.Range(0, d).Select(_ => normal.Next()).ToArray()).ToArray());
    }
}

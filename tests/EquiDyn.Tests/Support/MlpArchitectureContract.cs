using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Support;

/// <summary>
/// The checks every MLP architecture of docs/experiments/ must pass at a small size in float64, inherited by one test
/// class per architecture: (1) a model in E is equivariant/invariant for every group element, (2) a random point off E
/// breaks it, the same two per layer type, and (4) weight transfer from the equivariant into the nominal model.
/// </summary>
public abstract class MlpArchitectureContract
{
    /// <summary>The nominal model (L = H) at the test size, float64.</summary>
    protected abstract StructuredNetwork Nominal();

    /// <summary>The equivariant model (orbit basis of E) at the test size, float64.</summary>
    protected abstract StructuredNetwork Equivariant();

    /// <summary>The group acting on inputs (and targets, when the model is equivariant).</summary>
    protected abstract DataGroupAction Action { get; }

    /// <summary>The geometry shared by the model's layers.</summary>
    protected abstract MlpGeometry Geometry { get; }

    /// <summary>Seeded float64 inputs at the test size.</summary>
    protected abstract Tensor Inputs();

    /// <summary>The architecture's paper initialisation.</summary>
    protected abstract Tensor[] InitializeAsPaper(StructuredNetwork network, long seed);

    [Fact]
    public void TheNominalModelInitialisedInEIsEquivariant()
    {
        using var scope = NewDisposeScope();
        using var net = Nominal();
        NetworkInitializer.ProjectedGaussian(net, seed: 3);
        EquivarianceAssert.Holds(x => net.call(x), Action, Inputs());
    }

    [Fact]
    public void ThePaperInitialisationLiesInE()
    {
        using var scope = NewDisposeScope();
        using var net = Nominal();
        var blocks = InitializeAsPaper(net, seed: 4);
        EquivarianceAssert.Holds(x => net.call(x), Action, Inputs());
        for (int k = 0; k < blocks.Length; k++)
        {
            double off = (blocks[k] - net.Layers[k].Geometry.Equivariant.Project(blocks[k])).abs().max().item<double>();
            Assert.True(off < 1e-14, $"layer {k}: the paper initialisation is {off:E1} off E");
        }
        using var again = Nominal();
        var replay = InitializeAsPaper(again, seed: 4);
        Assert.All(blocks.Zip(replay), p => Assert.True(p.First.eq(p.Second).all().item<bool>(), "the same seed gives other blocks"));
    }

    [Fact]
    public void TheEquivariantModelIsEquivariantAtAnyParameterValue()
    {
        using var scope = NewDisposeScope();
        using var net = Equivariant();
        Randomize(net, 1.0);
        EquivarianceAssert.Holds(x => net.call(x), Action, Inputs());
    }

    [Fact]
    public void ARandomPointOffEBreaksEquivariance()
    {
        using var scope = NewDisposeScope();
        using var net = Nominal();
        Randomize(net, 0.3);
        EquivarianceAssert.Breaks(x => net.call(x), Action, Inputs());
    }

    [Fact]
    public void EveryLayerIsEquivariantInEAndOnlyThere()
    {
        using var scope = NewDisposeScope();
        using var nominal = Nominal();
        using var equivariant = Equivariant();
        Randomize(nominal, 1.0);
        Randomize(equivariant, 1.0);
        var g = new Generator(9);
        Assert.Equal(nominal.Layers.Count, equivariant.Layers.Count);
        for (int k = 0; k < nominal.Layers.Count; k++)
        {
            var n = Assert.IsType<SiteLinear>(nominal.Layers[k]);
            var e = Assert.IsType<SiteLinear>(equivariant.Layers[k]);
            SiteAction input = n.InSites > 1 ? Geometry.Sites : Geometry.Invariant;
            SiteAction? output = n.OutSites > 1 ? Geometry.Sites : null;
            var action = DataGroupActions.FromSiteActions(input, output);
            var x = randn(new long[] { 3, n.InChannels, n.InSites }, dtype: ScalarType.Float64, generator: g);
            EquivarianceAssert.Holds(t => e.call(t), action, x);
            if (n.Geometry.Equivariant.Count == n.Geometry.Equivariant.BlockDimension)
            {
                // Trivial → trivial: E = H, every fully connected layer is equivariant and nothing lies off E.
                Assert.Equal((1, 1), (n.InSites, n.OutSites));
                EquivarianceAssert.Holds(t => n.call(t), action, x);
            }
            else
            {
                EquivarianceAssert.Breaks(t => n.call(t), action, x);
            }
        }
    }

    [Fact]
    public void WeightTransferFromTheEquivariantModelIsExact()
    {
        using var scope = NewDisposeScope();
        using var eq = Equivariant();
        Randomize(eq, 1.0);
        using var net = Nominal();
        net.LoadWeightsFrom(eq);
        var x = Inputs();
        double gap = (net.call(x) - eq.call(x)).abs().max().item<double>();
        Assert.True(gap < 1e-12, $"outputs differ by {gap}");
        for (int k = 0; k < net.Layers.Count; k++)
        {
            Assert.True(net.Layers[k].Parametrization.IsOrthonormal);
            Assert.Equal(net.Layers[k].Geometry.Equivariant.BlockDimension, net.Layers[k].Parametrization.Count);
            Assert.Equal(eq.Layers[k].Geometry.Equivariant.Count, eq.Layers[k].Parametrization.Count);
        }
    }

    /// <summary>Per layer: (C_out·C_in·dim H, C_out·C_in·dim E), the coefficient counts of the two forms.</summary>
    protected static void AssertCoefficientCounts(StructuredNetwork nominal, StructuredNetwork equivariant, long[] expectedNominal,
        long[] expectedEquivariant)
    {
        Assert.Equal(expectedNominal, nominal.Coefficients.Select(p => p.numel()));
        Assert.Equal(expectedEquivariant, equivariant.Coefficients.Select(p => p.numel()));
    }

    private static void Randomize(StructuredNetwork net, double scale)
    {
        var g = new Generator(17);
        using var _ = no_grad();
        foreach (var p in net.Coefficients)
            p.copy_(randn(p.shape, dtype: p.dtype, generator: g) * scale);
    }
}

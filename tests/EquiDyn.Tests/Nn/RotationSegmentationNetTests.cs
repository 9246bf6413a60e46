using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Tests.Support;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Nn;

/// <summary>RotationSegmentationNet (C4 on 4×4 images and both masks), channels 3 → 3 → 2 → 2.</summary>
public class RotationSegmentationNetTests : MlpArchitectureContract
{
    private const int Side = 4;

    protected override StructuredNetwork Nominal() => RotationSegmentationNet.Build(Side, [3, 3, 2, 2], ScalarType.Float64);

    protected override StructuredNetwork Equivariant() => RotationSegmentationNet.BuildEquivariant(Side, [3, 3, 2, 2], ScalarType.Float64);

    protected override DataGroupAction Action => DataGroupActions.MaskedImageRotations(Side);

    protected override MlpGeometry Geometry => RotationSegmentationNet.Geometry(Side);

    protected override Tensor Inputs() => MlpCases.Images(Side);

    protected override Tensor[] InitializeAsPaper(StructuredNetwork network, long seed) =>
        RotationSegmentationNet.InitializeAsPaper(network, Side, seed);

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(14)]
    public void DimensionsOfEAreOrbitsOfQuarterTurns(int n)
    {
        int dense = n % 2 == 0 ? n * n * n * n / 4 : (n * n * n * n + 3) / 4;
        Assert.Equal(dense, RotationSegmentationNet.Geometry(n).SitesToSites.Equivariant.Count);
        var grid = new CyclicGroup(4).OnGrid(n);
        Assert.Equal(dense, Burnside.DenseDimension(grid, grid));
    }

    [Fact]
    public void OutputsAreTwoMaskProbabilitiesPerPixelNormalisedAcrossChannels()
    {
        using var scope = NewDisposeScope();
        using var net = Equivariant();
        NetworkInitializer.ProjectedGaussian(net, seed: 2);
        var y = net.call(Inputs());
        Assert.Equal(new long[] { 6, 2, Side, Side }, y.shape);
        // Sigmoid of a 2-channel LayerNorm: the pre-sigmoid values at each pixel are ±z with z = d/√(d² + 4ε) ≤ 1.
        var logits = (y / (1 - y)).log();
        double channelSum = logits.sum(1).abs().max().item<double>();
        Assert.True(channelSum < 1e-12, $"per-pixel channel mean is {channelSum:E1}, not 0");
    }

    [Fact]
    public void ThePaperSizeEquivariantModelHasTheExpectedCoefficientCounts()
    {
        // docs/experiments/rotation.md: four dense layers (32,1,196,196), (32,32,196,196), (16,32,196,196), (2,16,196,196); E keeps 9,604.
        using var equivariant = RotationSegmentationNet.BuildEquivariant();
        Assert.Equal(new long[] { 32 * 9604, 32 * 32 * 9604, 16 * 32 * 9604, 2 * 16 * 9604 }, equivariant.Coefficients.Select(p => p.numel()));
        Assert.All(equivariant.Layers, l => Assert.Equal(196 * 196, l.Geometry.Equivariant.BlockDimension));
    }
}

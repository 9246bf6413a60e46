using EquiDyn.Checks;
using EquiDyn.Data;
using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Checks;

/// <summary>Sampled augmentation converges to exact augmentation with error ∝ 1/√k, and a biased sampler or a wrong
/// orbit set fails the check.</summary>
public class SampledAugmentationCheckTests(ITestOutputHelper output)
{
    private SamplingCheckResult Run(SamplingPath path, SamplingCheckOptions? options = null)
    {
        var net = SmallConvNetCase.Network(KernelSupport.Cross);
        NetworkInitializer.ProjectedGaussian(net, seed: 5);
        var result = SampledAugmentationCheck.Run(path, net, SmallConvNetCase.Data(), LossKind.MseOneHot, SmallConvNetCase.Rotations, options);
        output.WriteLine($"{path}: spread {result.Spread:E2}, orbit gap {result.OrbitSetGap:E2}, slope {result.Slope:F2}; " +
                         string.Join("; ", result.Draws.Select((k, j) => $"k={k}: error {result.Errors[j]:E2} ≤ {result.Thresholds[j]:E2}")));
        return result;
    }

    [Theory]
    [InlineData(SamplingPath.PerBatch)]
    [InlineData(SamplingPath.PerSample)]
    [InlineData(SamplingPath.OrbitDataset)]
    public void TheMeanOfSampledGradientsConvergesToTheExactAugmentedGradient(SamplingPath path)
    {
        using var scope = NewDisposeScope();
        var result = Run(path);
        Assert.True(result.Passes);
        // The bound itself falls as 1/√k: a hundredfold more draws, a tenfold smaller bound.
        Assert.Equal(10.0, result.Thresholds[0] / result.Thresholds[^1], 6);
        // The draws are genuinely random (not the exact gradient every time) ...
        Assert.True(result.Spread > 1e-2, $"spread {result.Spread}");
        // ... and their mean does converge.
        Assert.True(result.Errors[^1] < result.Errors[0], $"{result.Errors[0]} → {result.Errors[^1]}");
        if (path == SamplingPath.OrbitDataset) Assert.True(result.OrbitSetGap <= 1e-12, $"{result.OrbitSetGap}");
    }

    [Theory]
    [InlineData(SamplingPath.PerBatch)]
    [InlineData(SamplingPath.PerSample)]
    public void ASamplerThatNeverDrawsOneRotationFailsTheCheck(SamplingPath path)
    {
        using var scope = NewDisposeScope();
        // Injected bug: a "uniform" sampler that never returns the last of the four rotations.
        var elements = SmallConvNetCase.Rotations.Elements!;
        var biased = new DataGroupAction("C4 never drawing 270°", rng => elements[rng.NextInt(elements.Count - 1)]);
        var result = Run(path, new SamplingCheckOptions { Sampler = biased });
        Assert.False(result.Passes);
        Assert.True(result.Errors[^1] > result.Thresholds[^1]);
    }

    [Fact]
    public void AnOrbitSetMissingOneRotationFailsTheCheck()
    {
        using var scope = NewDisposeScope();
        // Injected bug: the rotated copies hold 90° twice and no 270°.
        var result = Run(SamplingPath.OrbitDataset,
            new SamplingCheckOptions { OrbitSet = d => ImageDataset.Concat([d, d.Rot90(1), d.Rot90(2), d.Rot90(1)]) });
        Assert.False(result.Passes);
        Assert.True(result.OrbitSetGap > 1e-3, $"{result.OrbitSetGap}");
    }
}

using System.Runtime.InteropServices;
using EquiDyn.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Engine;

/// <summary>TorchSharp loads on this machine and computes what EquiDyn relies on, in float64.</summary>
public class TorchRuntimeTests
{
    [Fact]
    public void LoadsLibtorch() => Assert.StartsWith("2.10", TorchRuntime.EnsureLoaded());

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr NativeGetenv(string name);

    [Fact]
    public void TheProcessMemorySettingsReachGlibcAndLibtorch()
    {
        Assert.True(OperatingSystem.IsLinux(), "these settings are made on Linux only");
        var settings = TorchRuntime.ConfigureProcess();
        Assert.True(settings.TrimThresholdSet && settings.TopPadSet && settings.MmapThresholdSet, $"{settings}");
        // What native code (libtorch) reads is the C environment, asked here directly rather than through .NET's copy.
        // A value exported before the process started is kept; otherwise the program set "1".
        var native = Marshal.PtrToStringUTF8(NativeGetenv("THP_MEM_ALLOC_ENABLE"));
        Assert.Equal(Environment.GetEnvironmentVariable("THP_MEM_ALLOC_ENABLE") ?? "1", native);
        Assert.Equal(native, settings.HugePagesValue);
        Assert.Same(settings, TorchRuntime.ConfigureProcess()); // once per process
    }

    [Fact]
    public void NnpackIsSwitchedOffSoConvolutionsDoNotLogFailedInitialisations()
    {
        TorchRuntime.EnsureLoaded();
        Assert.True(TorchRuntime.NnpackDisabled);
    }

    [Fact]
    public void ThreadCountIsSetAndValidated()
    {
        int before = torch.get_num_threads();
        try
        {
            Assert.Equal(1, TorchRuntime.SetThreads(1));
            Assert.Equal(1, torch.get_num_threads());
        }
        finally
        {
            torch.set_num_threads(before);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => TorchRuntime.SetThreads(0));
    }

    [Fact]
    public void Conv2dForwardAndBackwardMatchAHandComputation()
    {
        using var scope = NewDisposeScope();
        // A 3x3 all-ones kernel on a 3x3 input with zero padding 1: the centre output is the sum of the input.
        var x = arange(9, dtype: float64).reshape(1, 1, 3, 3).requires_grad_(true);
        var w = ones(1, 1, 3, 3, dtype: float64).requires_grad_(true);
        var y = nn.functional.conv2d(x, w, padding: new long[] { 1, 1 });
        Assert.Equal(36.0, y[0, 0, 1, 1].item<double>(), 1e-12);
        y.sum().backward();
        // d(sum y)/dx_ij = number of output positions whose 3x3 window covers (i,j): 4 at corners, 6 at edges, 9 at centre.
        double[] expected = { 4, 6, 4, 6, 9, 6, 4, 6, 4 };
        Assert.Equal(expected, x.grad!.flatten().data<double>().ToArray());
    }

    [Fact]
    public void HessianVectorProductByDoubleBackwardMatchesTheClosedForm()
    {
        using var scope = NewDisposeScope();
        // f(θ) = Σ tanh(θ_i)·θ_{i+1} has a known Hessian; compare H·v by double backward with the analytic product.
        var theta = tensor(new[] { 0.3, -0.7, 1.1, 0.2 }, dtype: float64).requires_grad_(true);
        var v = tensor(new[] { 1.0, 2.0, -1.0, 0.5 }, dtype: float64);
        var f = (tanh(theta[..3]) * theta[1..]).sum();
        var g = autograd.grad(new[] { f }, new[] { theta }, retain_graph: true, create_graph: true)[0];
        var hv = autograd.grad(new[] { (g * v).sum() }, new[] { theta })[0].data<double>().ToArray();

        double[] t = { 0.3, -0.7, 1.1, 0.2 }, vv = { 1.0, 2.0, -1.0, 0.5 };
        var h = new double[4, 4];
        for (int i = 0; i < 3; i++)
        {
            double th = Math.Tanh(t[i]), sech2 = 1 - th * th;
            h[i, i] += -2 * th * sech2 * t[i + 1]; // ∂²/∂θ_i² of tanh(θ_i)θ_{i+1}
            h[i, i + 1] += sech2;
            h[i + 1, i] += sech2;
        }
        for (int i = 0; i < 4; i++)
        {
            double expected = 0;
            for (int j = 0; j < 4; j++) expected += h[i, j] * vv[j];
            Assert.Equal(expected, hv[i], 1e-12);
        }
    }

    [Fact]
    public void EighDiagonalisesASymmetricMatrix()
    {
        using var scope = NewDisposeScope();
        // [[2,1],[1,2]] has eigenvalues 1 and 3.
        var (values, _) = linalg.eigh(tensor(new double[,] { { 2, 1 }, { 1, 2 } }));
        Assert.Equal(new[] { 1.0, 3.0 }, values.data<double>().ToArray().Select(x => Math.Round(x, 12)));
    }
}

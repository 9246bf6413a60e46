using TorchSharp;

namespace EquiDyn.Engine;

/// <summary>One place that prepares TorchSharp for EquiDyn: float64 by default where exactness matters, thread count.</summary>
public static class TorchRuntime
{
    /// <summary>Loads the native library (throws with the loader's message if it cannot) and returns libtorch's version.</summary>
    public static string EnsureLoaded()
    {
        torch.InitializeDeviceType(DeviceType.CPU);
        return torch.__version__;
    }
}

using System.Runtime.CompilerServices;
using EquiDyn.Engine;

namespace EquiDyn.Tests.Support;

/// <summary>Runs every test of this assembly, and every child process a test starts, on one libtorch thread.</summary>
/// <remarks>
/// The tests compare runs to the last bit (a resumed sweep against an uninterrupted one). With two intra-op threads,
/// libtorch's float32 kernels were seen to order their sums differently between two runs of one spec on a loaded
/// machine, and the tiny sweeps amplify a last-bit difference into a different trajectory. xunit already runs test
/// classes in parallel on every core, so one thread per test also avoids oversubscribing the machine.
/// </remarks>
internal static class OneTorchThread
{
    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255",
        Justification = "The thread count must be fixed before the first test touches libtorch.")]
    internal static void Apply()
    {
        Environment.SetEnvironmentVariable(TorchRuntime.ThreadsVariable, "1"); // in-process `equidyn run` and child processes
        TorchRuntime.SetThreads(1);
    }
}

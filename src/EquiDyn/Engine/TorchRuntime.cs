using System.Runtime.CompilerServices;
using TorchSharp;

namespace EquiDyn.Engine;

/// <summary>One place that prepares TorchSharp for EquiDyn: the process's memory behaviour, the native library, the
/// thread count.</summary>
/// <remarks>
/// <see cref="ConfigureProcess"/> runs automatically when the EquiDyn assembly is first used (a module initializer),
/// so the CLI, the tests and library users all get it before EquiDyn touches libtorch; <see cref="EnsureLoaded"/>
/// calls it again (idempotent) for callers that load TorchSharp first. See docs/performance.md for the measurements
/// behind the settings.
/// </remarks>
public static class TorchRuntime
{
    private static readonly object Gate = new();
    private static ProcessMemorySettings? _applied;

    /// <summary>Loads the native library (throws with the loader's message if it cannot), switches NNPACK off (see
    /// <see cref="NativeLibTorch"/>: on this project's CPUs it only logs a failed initialisation per convolution) and
    /// returns libtorch's version.</summary>
    public static string EnsureLoaded()
    {
        ConfigureProcess();
        torch.InitializeDeviceType(DeviceType.CPU);
        lock (Gate) _nnpackOff ??= NativeLibTorch.DisableNnpack();
        return torch.__version__;
    }

    /// <summary>Whether <see cref="EnsureLoaded"/> switched NNPACK off (null before the first call).</summary>
    public static bool? NnpackDisabled => _nnpackOff;

    private static bool? _nnpackOff;

    /// <summary>
    /// Sets glibc's allocator and libtorch's huge-page allocation for a training process, once per process.
    /// </summary>
    /// <remarks>
    /// <para>A training step allocates and frees the same few hundred megabytes every minibatch. With glibc's defaults
    /// the freed memory goes back to the kernel at once (trim threshold 128 KiB, dynamic mmap threshold) and the next
    /// step faults every page in again: a fifth of the CPU time of the main CNN went to minor page faults. So:</para>
    /// <list type="bullet">
    /// <item><c>M_TRIM_THRESHOLD</c> = 2 GiB − 1 (the largest value <c>mallopt</c> takes): free memory at the top of
    /// the heap is kept up to that size;</item>
    /// <item><c>M_TOP_PAD</c> = 16 MiB: the heap grows in steps of that size (smaller than the mmap threshold, so a
    /// block of 32 MiB or more never lands in the heap's top, where the trim threshold would keep it resident);</item>
    /// <item><c>M_MMAP_THRESHOLD</c> = 32 MiB (glibc's maximum on 64-bit): blocks below it come from the heap and are
    /// reused instead of being mapped and unmapped;</item>
    /// <item><c>THP_MEM_ALLOC_ENABLE=1</c>: libtorch 2.x aligns large CPU tensors to 2 MiB and advises transparent
    /// huge pages, 512× fewer faults on the dense 196×196 layers. libtorch reads it from the C environment at its
    /// first allocation, so it is set with libc <c>setenv</c> (.NET's <c>Environment.SetEnvironmentVariable</c> only
    /// changes the runtime's own copy). A value the user already exported is left alone.</item>
    /// </list>
    /// <para>Only on Linux with glibc; elsewhere nothing is changed and the result says so.</para>
    /// </remarks>
    public static ProcessMemorySettings ConfigureProcess()
    {
        lock (Gate)
        {
            return _applied ??= Apply();
        }
    }

    /// <summary>Sets libtorch's intra-op thread count (1 … the machine's cores) and returns the count in effect.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is below 1.</exception>
    public static int SetThreads(int threads)
    {
        if (threads < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "the thread count must be at least 1");
        EnsureLoaded();
        torch.set_num_threads(threads);
        return torch.get_num_threads();
    }

    /// <summary>The default thread count: <c>EQUIDYN_THREADS</c> when it holds a whole number ≥ 1 (e.g. a cluster
    /// job's allocation), else every core the process may run on.</summary>
    /// <remarks>With one thread every libtorch reduction runs in one fixed order, so a run and its resumption agree to
    /// the last bit on any machine; with several, the float32 kernels may split their sums differently between
    /// processes on a loaded machine and the last bits of a resumed run can differ (docs/runs.md).</remarks>
    public static int DefaultThreads =>
        int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out int n) && n >= 1 ? n : Environment.ProcessorCount;

    /// <summary>The environment variable that sets <see cref="DefaultThreads"/>.</summary>
    public const string ThreadsVariable = "EQUIDYN_THREADS";

    /// <summary>Hands the free memory of the C heap back to the kernel (glibc <c>malloc_trim</c>); a no-op elsewhere.</summary>
    /// <remarks>The trim threshold set at startup keeps freed heap memory resident so that a training step does not
    /// fault it back in every minibatch; memory freed by one-off work (building and initialising a network, whose
    /// float64 slices fragment the heap) would then stay resident for the whole run. Call it between such work and
    /// training (<see cref="Training.Trainer"/> does, once, when it is created), not inside a training loop.</remarks>
    /// <returns>Whether memory was released.</returns>
    public static bool ReleaseFreeMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return NativeLibc.malloc_trim(0) == 1;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255",
        Justification = "The allocator must be configured before libtorch's first allocation, whichever EquiDyn entry point a program uses first.")]
    internal static void ConfigureOnLoad() => ConfigureProcess();

    private const string HugePagesVariable = "THP_MEM_ALLOC_ENABLE";
    private const int TrimThreshold = int.MaxValue;
    // Heap growth step. Small enough that a request of MmapThreshold or more never fits the heap top, so every tensor
    // of 32 MiB and more is mmapped and returned to the kernel when freed (a 256 MiB pad let them live in the heap,
    // which the trim threshold then kept resident: +300–470 MB of peak RSS on the dense 196×196 layers).
    private const int TopPad = 16 << 20;
    private const int MmapThreshold = 32 << 20;

    private static ProcessMemorySettings Apply()
    {
        if (!OperatingSystem.IsLinux()) return new ProcessMemorySettings(false, false, false, false, null);
        try
        {
            bool trim = NativeLibc.mallopt(NativeLibc.M_TRIM_THRESHOLD, TrimThreshold) == 1;
            bool pad = NativeLibc.mallopt(NativeLibc.M_TOP_PAD, TopPad) == 1;
            bool mmap = NativeLibc.mallopt(NativeLibc.M_MMAP_THRESHOLD, MmapThreshold) == 1;
            bool env = NativeLibc.setenv(HugePagesVariable, "1", 0) == 0;
            return new ProcessMemorySettings(trim, pad, mmap, env, NativeLibc.GetEnvironment(HugePagesVariable));
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return new ProcessMemorySettings(false, false, false, false, null); // not glibc (e.g. musl): defaults stay
        }
    }
}

/// <summary>What <see cref="TorchRuntime.ConfigureProcess"/> changed: whether each <c>mallopt</c> call succeeded,
/// whether <c>setenv</c> succeeded, and the value native code now reads for <c>THP_MEM_ALLOC_ENABLE</c>.</summary>
public sealed record ProcessMemorySettings(bool TrimThresholdSet, bool TopPadSet, bool MmapThresholdSet,
    bool HugePagesVariableSet, string? HugePagesValue);

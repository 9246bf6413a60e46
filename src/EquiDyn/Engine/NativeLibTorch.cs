using System.Runtime.InteropServices;

namespace EquiDyn.Engine;

/// <summary>The one libtorch switch EquiDyn sets that TorchSharp does not expose: whether convolutions may try NNPACK
/// (PyTorch's <c>torch.backends.nnpack.set_flags</c>).</summary>
/// <remarks>
/// On CPUs NNPACK does not support, libtorch tries to initialise it on every eligible convolution and logs "Could not
/// initialize NNPACK! Reason: Unsupported hardware." each time (over 1,600 lines in one quick main job), then computes
/// the convolution without it. Switching NNPACK off up front takes that same path without the attempt, so results are
/// unchanged. The entry points are libtorch's exported C++ functions <c>at::globalContext()</c> and
/// <c>at::Context::setUserEnabledNNPACK(bool)</c> (Itanium-mangled names; the member function takes the context as its
/// first argument).
/// </remarks>
internal static partial class NativeLibTorch
{
    private const string Library = "libtorch_cpu";

    [LibraryImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
    private static partial IntPtr GlobalContext();

    [LibraryImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static partial bool UserEnabledNnpack(IntPtr context);

    /// <summary>Switches NNPACK off in the loaded libtorch; returns whether libtorch now reports it off (false when the
    /// entry points are missing, e.g. another libtorch build: then nothing is changed).</summary>
    internal static bool DisableNnpack()
    {
        try
        {
            var context = GlobalContext();
            SetUserEnabledNnpack(context, false);
            return !UserEnabledNnpack(context);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }
}

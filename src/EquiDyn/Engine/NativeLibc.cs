using System.Runtime.InteropServices;

namespace EquiDyn.Engine;

/// <summary>The few glibc functions EquiDyn calls directly: <c>mallopt</c>, <c>setenv</c>, <c>getenv</c> (Linux only).</summary>
/// <remarks>No managed API reaches these: .NET keeps its own copy of the environment, and has no allocator tuning.</remarks>
internal static partial class NativeLibc
{
    /// <summary>mallopt parameter numbers from glibc's malloc.h.</summary>
    internal const int M_TRIM_THRESHOLD = -1, M_TOP_PAD = -2, M_MMAP_THRESHOLD = -3;

    /// <summary>Returns 1 on success, 0 on error.</summary>
    [LibraryImport("libc", EntryPoint = "mallopt")]
    internal static partial int mallopt(int param, int value);

    /// <summary>Returns 0 on success, −1 on error.</summary>
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "getenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr getenv(string name);

    /// <summary>The value native code sees for a variable (not .NET's copy), or null.</summary>
    internal static string? GetEnvironment(string name) => Marshal.PtrToStringUTF8(getenv(name));
}

using System.Runtime.InteropServices;
using System.Text;

namespace EquiDyn.Data;

/// <summary>
/// The one way EquiDyn opens a file it reads (specs, IDX, .npy, checkpoints, run-directory JSON and CSV): the path must
/// name a regular file — after following symbolic links — outside <c>/proc</c>, <c>/sys</c> and <c>/dev</c>, and its
/// size must fit the memory budget (<see cref="MemoryBudget"/>). A FIFO would block the reader forever and a device
/// such as <c>/dev/zero</c> never ends, so both are refused <em>before</em> they are opened.
/// </summary>
/// <remarks>.NET does not expose the file type of a path (a FIFO and a regular file have the same attributes), so on
/// Linux the type comes from <c>statx(2)</c>, whose result layout is the same on every architecture, and the real path
/// from <c>realpath(3)</c>. On other systems only the path prefixes are checked.</remarks>
internal static class InputFile
{
    private static readonly string[] SpecialRoots = ["/proc/", "/sys/", "/dev/"];

    /// <summary>Throws <see cref="FileNotFoundException"/> when <paramref name="path"/> does not exist and
    /// <see cref="DataFormatException"/> when it is not a regular file (directory, FIFO, device, socket, a file under
    /// /proc, /sys or /dev, or a link to one); returns the file's length in bytes.</summary>
    public static long RequireRegular(string path)
    {
        if (string.IsNullOrEmpty(path)) throw new FileNotFoundException("an empty file name was given");
        if (Directory.Exists(path))
            throw new DataFormatException(path, -1, "is a directory, not a file; pass the file itself");
        if (!File.Exists(path) && !IsDanglingOrSpecial(path)) throw new FileNotFoundException($"{path}: no such file", path);
        var real = RealPath(path);
        if (real is not null && SpecialRoots.Any(r => real.StartsWith(r, StringComparison.Ordinal)))
            throw new DataFormatException(path, -1, $"resolves to {real}, a system or device file; pass a regular file");
        if (OperatingSystem.IsLinux())
        {
            var kind = FileKind(path);
            if (kind is not null and not "regular file")
                throw new DataFormatException(path, -1, $"is a {kind}, not a regular file; pass a regular file (reading it could block or never end)");
        }
        return new FileInfo(path).Length;
    }

    /// <summary>Throws <see cref="DataFormatException"/> when <paramref name="path"/> (or, when it does not exist yet,
    /// its nearest existing parent) resolves into /proc, /sys or /dev: nothing is written there.</summary>
    public static void RefuseSystemPath(string path)
    {
        var probe = Path.GetFullPath(path);
        while (!File.Exists(probe) && !Directory.Exists(probe) && Path.GetDirectoryName(probe) is { } parent)
            probe = parent;
        var real = RealPath(probe) ?? probe;
        if (SpecialRoots.Any(r => (real + "/").StartsWith(r, StringComparison.Ordinal)))
            throw new DataFormatException(path, -1, $"resolves to {real}, a system or device path; choose a folder on a disk");
    }

    /// <summary>Reads a whole regular file of at most <paramref name="maxBytes"/> bytes (default
    /// <see cref="MemoryBudget.MaxTextBytes"/>).</summary>
    public static byte[] ReadAllBytes(string path, long? maxBytes = null)
    {
        long cap = maxBytes ?? MemoryBudget.MaxTextBytes;
        long length = RequireRegular(path);
        if (length > cap)
            throw new DataFormatException(path, cap, $"is {length} bytes; EquiDyn reads at most {cap} bytes from a file of this kind");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var capped = new MemoryStream();
        CopyCapped(stream, capped, cap, path);
        return capped.ToArray();
    }

    /// <summary>Reads a whole UTF-8 text file of at most <see cref="MemoryBudget.MaxTextBytes"/> bytes.</summary>
    public static string ReadAllText(string path, long? maxBytes = null) => new UTF8Encoding(false).GetString(ReadAllBytes(path, maxBytes)).TrimStart('\uFEFF');

    /// <summary>Copies at most <paramref name="cap"/> bytes; a longer stream is refused (its length on disk can grow
    /// while it is read, and a decompressing stream has no length at all).</summary>
    internal static void CopyCapped(Stream from, Stream to, long cap, string source)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = from.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
            if (total > cap)
                throw new DataFormatException(source, cap, $"holds more than {cap} bytes, the most EquiDyn reads from it");
            to.Write(buffer, 0, read);
        }
    }

    private static bool IsDanglingOrSpecial(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is not null || info.Exists;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The canonical path (links resolved), or null when it cannot be resolved.</summary>
    private static string? RealPath(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return Path.GetFullPath(path);
        nint result = realpath(path, 0);
        if (result == 0) return null;
        try
        {
            return Marshal.PtrToStringUTF8(result);
        }
        finally
        {
            free(result);
        }
    }

    /// <summary>"regular file", "directory", "FIFO (named pipe)", … of the path after following links; null when
    /// statx fails (the open that follows then reports the problem).</summary>
    private static string? FileKind(string path)
    {
        const int AtFdCwd = -100;
        const uint StatxType = 0x1;
        var buffer = new byte[256];
        if (statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return null;
        ushort mode = BitConverter.ToUInt16(buffer, 28); // struct statx: stx_mode at byte 28 on every architecture
        return (mode & 0xF000) switch
        {
            0x8000 => "regular file",
            0x4000 => "directory",
            0x1000 => "FIFO (named pipe)",
            0x2000 => "character device",
            0x6000 => "block device",
            0xC000 => "socket",
            _ => "special file",
        };
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    [DllImport("libc", SetLastError = true)]
    private static extern nint realpath([MarshalAs(UnmanagedType.LPUTF8Str)] string path, nint resolved);

    [DllImport("libc")]
    private static extern void free(nint pointer);
}

/// <summary>Size limits of what EquiDyn reads and allocates, derived from the memory this process may use (the GC's
/// view of the machine or the container limit), so that a hostile or mistaken input is refused with a message instead
/// of exhausting memory.</summary>
internal static class MemoryBudget
{
    /// <summary>Memory the process may use: <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/> (physical memory, or
    /// the container's limit).</summary>
    public static long Available { get; } = Math.Max(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, 1L << 30);

    /// <summary>The largest data file (IDX, .npy, a checkpoint entry, decompressed): 1/64 of <see cref="Available"/>
    /// (it is expanded to float32 and copied into tensors, about 8× its size), between 64 MiB and 1 GiB.</summary>
    public static long MaxDataBytes { get; } = Math.Clamp(Available / 64, 64L << 20, 1L << 30);

    /// <summary>The largest JSON or CSV file read whole: 1/16 of <see cref="Available"/>, between 16 MiB and 1 GiB
    /// (metrics.csv of a full-scale run is ~30 MB).</summary>
    public static long MaxTextBytes { get; } = Math.Clamp(Available / 16, 16L << 20, 1L << 30);

    /// <summary>The largest number of float32 values a dataset or model may hold: 1/32 of <see cref="Available"/>
    /// in bytes.</summary>
    public static long MaxTensorElements { get; } = Available / 32 / sizeof(float);
}

namespace EquiDyn.Experiments;

/// <summary>Replaces a file all at once: the content goes to a temporary file in the same folder, is flushed to disk,
/// and is renamed over the target (rename is atomic on POSIX file systems). A crash or exception at any point leaves
/// either the old file or the new one, never a mixture, and no temporary file behind (except after a hard kill; <see cref="RemoveLeftovers"/> then cleans up).</summary>
internal static class AtomicFile
{
    /// <summary>Deletes the temporary files a killed writer left in <paramref name="directory"/> — only files named as
    /// this class names them (<c>.&lt;name&gt;.tmp-&lt;pid&gt;-&lt;32 hex digits&gt;</c>); call it while holding the
    /// directory's lock (<see cref="SweepLock"/>), when no other writer can be midway.</summary>
    /// <returns>The number of files removed.</returns>
    public static int RemoveLeftovers(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        int removed = 0;
        foreach (var file in Directory.EnumerateFiles(directory, ".*.tmp-*"))
        {
            if (!LeftoverName.IsMatch(Path.GetFileName(file))) continue;
            File.Delete(file);
            removed++;
        }
        return removed;
    }

    private static readonly System.Text.RegularExpressions.Regex LeftoverName = new(@"^\..+\.tmp-[0-9]+-[0-9a-f]{32}$");

    /// <summary>Writes UTF-8 text (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, file => file.Write(new System.Text.UTF8Encoding(false).GetBytes(text)));

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/> atomically.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }
            if (Directory.Exists(full))
                throw new IOException($"{path}: is a directory where a file belongs; move it aside");
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}


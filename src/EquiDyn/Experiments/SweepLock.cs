using System.Globalization;

namespace EquiDyn.Experiments;

/// <summary>
/// The advisory lock of a sweep directory, held while a process writes it, so two <c>equidyn run</c> (two
/// <c>--resume</c> of one directory, say) never write the same runs. The lock is the operating system's: the file
/// <c>.equidyn.lock</c> is held open with <see cref="FileShare.None"/> (flock(2) on Linux), so it is released when
/// the holder exits, however it exits — a crash or <c>kill -9</c> leaves no stale lock. Beside it,
/// <c>.equidyn.owner</c> records the holder's pid, host and start time for the one-line message a second writer gets.
/// </summary>
/// <remarks>If the lock is free but the owner file names another host, that host may hold the lock on a file system
/// whose locks are not shared (some NFS setups): the lock is then refused too, and the message says how to take it
/// over (delete <c>.equidyn.owner</c> once no process there writes the sweep).</remarks>
public sealed class SweepLock : IDisposable
{
    /// <summary>The lock file's name in the sweep directory.</summary>
    public const string LockFile = ".equidyn.lock";

    /// <summary>The owner file's name in the sweep directory.</summary>
    public const string OwnerFile = ".equidyn.owner";

    private readonly FileStream _lock;
    private readonly string _ownerPath;

    private SweepLock(FileStream stream, string ownerPath)
    {
        _lock = stream;
        _ownerPath = ownerPath;
    }

    /// <summary>A note when a stale lock of a dead process was taken over (null otherwise).</summary>
    public string? TakenOver { get; private init; }

    /// <summary>Takes the lock of <paramref name="directory"/> (which must exist).</summary>
    /// <exception cref="SweepLockedException">Another process holds it; the message names it.</exception>
    public static SweepLock Acquire(string directory)
    {
        var lockPath = System.IO.Path.Combine(directory, LockFile);
        var ownerPath = System.IO.Path.Combine(directory, OwnerFile);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && File.Exists(lockPath))
        {
            throw new SweepLockedException($"{directory}: is being written by {Describe(ReadOwner(ownerPath))}; wait for it to finish " +
                                           "(or stop it) and run again — two writers would corrupt the runs");
        }
        string? previous = ReadOwner(ownerPath);
        string host = Environment.MachineName;
        if (previous is not null && Field(previous, "host") is { } otherHost && otherHost != host)
        {
            stream.Dispose();
            throw new SweepLockedException($"{directory}: {OwnerFile} names {Describe(previous)} on another machine, whose lock this file system may not show; " +
                                           $"if no equidyn runs there on this sweep, delete {ownerPath} and run again");
        }
        var owner = string.Create(CultureInfo.InvariantCulture, $"pid={Environment.ProcessId}\nhost={host}\nstarted={DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\n");
        File.WriteAllText(ownerPath, owner);
        return new SweepLock(stream, ownerPath)
        {
            TakenOver = previous is null ? null : $"took over the stale lock of {Describe(previous)} (that process no longer runs)",
        };
    }

    /// <summary>Releases the lock (the owner file goes first, so a waiting writer never sees a stale owner).</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_ownerPath);
        }
        catch (IOException)
        {
            // The lock itself is released below; a leftover owner file is reported as stale and taken over.
        }
        _lock.Dispose();
    }

    private static string? ReadOwner(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string? Field(string owner, string name) =>
        owner.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(name + "=", StringComparison.Ordinal))?[(name.Length + 1)..];

    private static string Describe(string? owner) => owner is null
        ? "another equidyn process"
        : $"equidyn pid {Field(owner, "pid") ?? "?"} on {Field(owner, "host") ?? "?"} (since {Field(owner, "started") ?? "?"})";
}

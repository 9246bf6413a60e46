namespace EquiDyn.Data;

/// <summary>
/// A data file is corrupt, truncated or in a form EquiDyn does not read. The message always starts with the file's
/// name and states the byte offset where the problem was found, so a user can inspect the file with a hex viewer.
/// </summary>
public sealed class DataFormatException : IOException
{
    /// <summary>Creates the exception; <paramref name="source"/> and <paramref name="offset"/> prefix the message.</summary>
    /// <param name="source">The file (or stream) name, as the caller passed it.</param>
    /// <param name="offset">The byte offset of the problem (in the decompressed stream for gzip files), or -1 if none applies.</param>
    /// <param name="detail">What is wrong, phrased so that it reads after "<c>file: </c>".</param>
    public DataFormatException(string source, long offset, string detail)
        : base($"{source}: {detail}")
    {
        FileName = source;
        Offset = offset;
    }

    /// <summary>The file (or stream) name that prefixes the message.</summary>
    public string FileName { get; }

    /// <summary>The byte offset where the problem was found, or -1 when the problem is not tied to one offset.</summary>
    public long Offset { get; }
}

namespace EquiDyn.Data;

/// <summary>
/// A dataset could not be obtained (a tool such as npm is missing, or the download failed). The message says what
/// failed and how to proceed (e.g. install the tool, or bring the files and point EquiDyn at them).
/// </summary>
public sealed class DataFetchException : Exception
{
    /// <summary>Creates the exception with a message that includes the remedy.</summary>
    public DataFetchException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

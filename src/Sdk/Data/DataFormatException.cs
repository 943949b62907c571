namespace Edu.Sdk.Data;

/// <summary>
/// A data file that cannot be read as its format declares: the base of <see cref="IdxFormatException"/>,
/// <see cref="NpyFormatException"/> and <see cref="CsvFormatException"/>, so a caller can catch every corrupt-file
/// error at once. The message names the file and the fault.
/// </summary>
public abstract class DataFormatException : IOException
{
    /// <summary>Creates the exception for the file at <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file at fault.</param>
    /// <param name="message">What is wrong, where, and what to do; it should name the file.</param>
    /// <param name="inner">The lower-level error, if any.</param>
    protected DataFormatException(string filePath, string message, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = filePath;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }
}

namespace Edu.Sdk.Data;

/// <summary>
/// An IDX file (or a pair of them) that cannot be read as declared: wrong magic number, truncated data,
/// dimensions that do not fit the data, or an image file and a label file that disagree.
/// The message names the file and the fault.
/// </summary>
public sealed class IdxFormatException : DataFormatException
{
    /// <summary>Creates the exception for the file at <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file at fault (the label file when two files disagree).</param>
    /// <param name="message">What is wrong, where, and what to do; it should name the file.</param>
    /// <param name="inner">The lower-level error, if any (e.g. a corrupt gzip stream).</param>
    public IdxFormatException(string filePath, string message, Exception? inner = null)
        : base(filePath, message, inner)
    {
    }
}

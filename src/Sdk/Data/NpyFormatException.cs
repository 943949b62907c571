namespace Edu.Sdk.Data;

/// <summary>
/// An NPY file, or an NPZ archive or one of its members, that cannot be read: wrong magic string, bad or
/// unsupported header, truncated data. The message names the file (and the member, for NPZ) and the fault.
/// </summary>
public sealed class NpyFormatException : DataFormatException
{
    /// <summary>Creates the exception for the file at <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The .npy or .npz file at fault.</param>
    /// <param name="message">What is wrong, where, and what to do; it names the file.</param>
    /// <param name="inner">The lower-level error, if any (e.g. a corrupt zip archive).</param>
    public NpyFormatException(string filePath, string message, Exception? inner = null)
        : base(filePath, message, inner)
    {
    }
}

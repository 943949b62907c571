namespace Edu.Sdk.Checkpoints;

/// <summary>
/// A file that is not a valid safetensors file, or holds something Edu.Sdk cannot load (an unsupported dtype).
/// The message names the file and the fault; nothing is returned from a file that raises it.
/// </summary>
public sealed class SafetensorsFormatException : IOException
{
    /// <summary>Creates the exception for the file at <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file at fault.</param>
    /// <param name="message">What is wrong and where; it names the file.</param>
    /// <param name="inner">The lower-level error, if any (e.g. the JSON parser's).</param>
    public SafetensorsFormatException(string filePath, string message, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = filePath;
    }

    /// <summary>The file at fault.</summary>
    public string FilePath { get; }
}

namespace Edu.Sdk.Data;

/// <summary>
/// Writes a file atomically: into a temporary file beside the target, flushed to disk, then renamed over it, so a
/// reader never sees half a file and an interrupted write leaves the old file (if any) intact.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> writeBody)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        // Same directory as the target, so the final rename stays on one file system and is atomic.
        string temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16))
            {
                writeBody(file);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

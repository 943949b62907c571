namespace Edu.Sdk.Checkpoints;

/// <summary>
/// Writes a file so that the target name only ever holds a complete file: the bytes go to a temporary file in the same
/// directory (same file system, so the rename is atomic), are flushed to disk, and the temporary file is then renamed
/// over the target. A crash or an exception mid-way leaves the old target (or none) and, at worst, a stray
/// <c>.tmp</c> file that the next successful write does not depend on.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}

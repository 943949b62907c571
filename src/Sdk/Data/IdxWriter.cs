using System.IO.Compression;

namespace Edu.Sdk.Data;

/// <summary>
/// Writes IDX files atomically: into a temporary file beside the target, then renamed over it, so a reader never
/// sees half a file and an interrupted write leaves the old file (if any) intact.
/// </summary>
internal static class IdxWriter
{
    public static void Write(string path, ReadOnlySpan<int> dims, ReadOnlySpan<byte> data, bool? gzip)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        bool compress = gzip ?? fullPath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        // Same directory as the target, so the final rename stays on one file system and is atomic.
        string temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                if (compress)
                {
                    using var gz = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
                    WriteBody(gz, dims, data);
                }
                else
                {
                    WriteBody(file, dims, data);
                }
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

    static void WriteBody(Stream sink, ReadOnlySpan<int> dims, ReadOnlySpan<byte> data)
    {
        IdxHeader.Write(sink, dims);
        sink.Write(data);
    }
}

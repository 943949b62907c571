using System.IO.Compression;

namespace Edu.Sdk.Data;

/// <summary>
/// Writes IDX files atomically: into a temporary file beside the target, then renamed over it, so a reader never
/// sees half a file and an interrupted write leaves the old file (if any) intact.
/// </summary>
internal static class IdxWriter
{
    public static void Write(string path, ReadOnlySpan<int> dims, byte[] data, bool? gzip)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        bool compress = gzip ?? path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        // The lambda cannot capture a span: copy the (small) dims.
        int[] shape = dims.ToArray();
        AtomicFile.Write(path, file =>
        {
            if (compress)
            {
                using var gz = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
                WriteBody(gz, shape, data);
            }
            else
            {
                WriteBody(file, shape, data);
            }
        });
    }

    static void WriteBody(Stream sink, ReadOnlySpan<int> dims, ReadOnlySpan<byte> data)
    {
        IdxHeader.Write(sink, dims);
        sink.Write(data);
    }
}

using System.Buffers.Binary;
using System.IO.Compression;

namespace Edu.Sdk.Tests.Data;

/// <summary>Builds IDX files byte by byte, independently of the writer under test, so corrupt ones can be made too.</summary>
internal static class IdxBytes
{
    public static byte[] Header(int magic, params int[] dims)
    {
        var h = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteInt32BigEndian(h, magic);
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(h.AsSpan(4 + 4 * i), dims[i]);
        return h;
    }

    public static byte[] File(int magic, int[] dims, byte[] data) => [.. Header(magic, dims), .. data];

    public static byte[] Gzip(byte[] content)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(content);
        return ms.ToArray();
    }

    /// <summary>Pseudo-random bytes, the same on every run.</summary>
    public static byte[] Pattern(int n, int seed = 1)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }
}

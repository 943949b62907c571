using System.Buffers.Binary;
using System.Text;

namespace Edu.Sdk.Tests.Checkpoints;

/// <summary>Builds safetensors files byte by byte, independently of the SDK's writer.</summary>
internal static class SafetensorsFiles
{
    /// <summary>8-byte little-endian length of <paramref name="json"/> (padded with spaces to <paramref name="padTo"/>), the JSON, then <paramref name="data"/>.</summary>
    public static byte[] Build(string json, byte[] data, int padTo = 1)
    {
        var header = Encoding.UTF8.GetBytes(json).ToList();
        while (header.Count % padTo != 0) header.Add((byte)' ');
        var file = new byte[8 + header.Count + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Count);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Count);
        return file;
    }

    /// <summary>The floats as little-endian bytes.</summary>
    public static byte[] Floats(params float[] xs)
    {
        var bytes = new byte[4 * xs.Length];
        for (int i = 0; i < xs.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), xs[i]);
        return bytes;
    }
}

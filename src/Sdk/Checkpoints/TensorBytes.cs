using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Edu.Sdk.Checkpoints;

/// <summary>Tensor elements to and from little-endian bytes (the safetensors byte order), on any machine.</summary>
internal static class TensorBytes
{
    /// <summary>Writes the elements of <paramref name="t"/> in row-major order, little-endian.</summary>
    public static void Write(Stream s, torch.Tensor t)
    {
        var c = t.Contiguous();
        switch (c.dtype)
        {
            case ScalarType.Float32: WriteLE(s, MemoryMarshal.Cast<float, int>(c.Span<float>())); break;
            case ScalarType.Float64: WriteLE(s, MemoryMarshal.Cast<double, long>(c.Span<double>())); break;
            case ScalarType.Int64: WriteLE(s, c.Span<long>()); break;
            // .NET stores bool as one byte, 0 or 1: the safetensors BOOL encoding.
            case ScalarType.Bool: s.Write(MemoryMarshal.AsBytes(c.Span<bool>())); break;
            default: throw new ArgumentOutOfRangeException(nameof(t), t.dtype, "unsupported dtype");
        }
    }

    static void WriteLE<T>(Stream s, ReadOnlySpan<T> x) where T : unmanaged
    {
        if (BitConverter.IsLittleEndian) { s.Write(MemoryMarshal.AsBytes(x)); return; }
        var copy = x.ToArray();
        Reverse(copy);
        s.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
    }

    /// <summary>
    /// Reads a tensor of the given dtype and shape from the next bytes of <paramref name="s"/>.
    /// Returns null and sets <paramref name="fault"/> when a BOOL byte is neither 0 nor 1.
    /// </summary>
    public static torch.Tensor? Read(Stream s, ScalarType dtype, long[] shape, out string? fault)
    {
        fault = null;
        var t = torch.empty(shape, dtype);
        switch (dtype)
        {
            case ScalarType.Float32: ReadLE(s, MemoryMarshal.Cast<float, int>(t.Span<float>())); break;
            case ScalarType.Float64: ReadLE(s, MemoryMarshal.Cast<double, long>(t.Span<double>())); break;
            case ScalarType.Int64: ReadLE(s, t.Span<long>()); break;
            case ScalarType.Bool:
                var bytes = MemoryMarshal.AsBytes(t.Span<bool>());
                s.ReadExactly(bytes);
                int bad = bytes.IndexOfAnyExcept((byte)0, (byte)1);
                if (bad >= 0)
                {
                    fault = $"BOOL element {bad} is the byte {bytes[bad]}, not 0 or 1";
                    return null;
                }
                break;
            default: throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unsupported dtype");
        }
        return t;
    }

    static void ReadLE<T>(Stream s, Span<T> x) where T : unmanaged
    {
        s.ReadExactly(MemoryMarshal.AsBytes(x));
        if (!BitConverter.IsLittleEndian) Reverse(x);
    }

    static void Reverse<T>(Span<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(int)) { var v = MemoryMarshal.Cast<T, int>(x); BinaryPrimitives.ReverseEndianness(v, v); }
        else { var v = MemoryMarshal.Cast<T, long>(x); BinaryPrimitives.ReverseEndianness(v, v); }
    }
}

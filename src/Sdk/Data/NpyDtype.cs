using System.Runtime.InteropServices;

namespace Edu.Sdk.Data;

/// <summary>
/// One NumPy element type as written in an NPY header's <c>descr</c> (<c>'&lt;f4'</c>, <c>'|u1'</c>, ...): its kind,
/// its size in bytes and its byte order, and the tensor dtype it is read as.
/// </summary>
/// <param name="Descr">The text of the descr, e.g. <c>&lt;f4</c>.</param>
/// <param name="Kind">'f' floating, 'i' signed integer, 'u' unsigned integer, 'b' boolean.</param>
/// <param name="Size">Bytes per element.</param>
/// <param name="Swap">True when the file's byte order differs from this machine's.</param>
internal sealed record NpyDtype(string Descr, char Kind, int Size, bool Swap)
{
    /// <summary>What the supported element types become, for messages and the docs.</summary>
    public const string Supported =
        "float32 ('<f4') and float64 ('<f8') stay as they are, float16 ('<f2') becomes Float32, "
        + "int64 ('<i8') stays Int64, int8/int16/int32 and uint8/uint16/uint32 ('|i1', '<i2', '<i4', '|u1', '<u2', '<u4') become Int64, "
        + "bool ('|b1') stays Bool; either byte order";

    /// <summary>The tensor dtype the elements are read as.</summary>
    public ScalarType Target => Kind switch
    {
        'f' => Size == 8 ? ScalarType.Float64 : ScalarType.Float32,
        'b' => ScalarType.Bool,
        _ => ScalarType.Int64,
    };

    /// <summary>True when the bytes are the tensor's elements as they are (no widening, no byte swap).</summary>
    public bool IsDirect => !Swap && Size == Target.ElementSize();

    /// <summary>Parses a descr, or returns null with the reason.</summary>
    public static NpyDtype? Parse(string descr, out string? reason)
    {
        reason = null;
        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '|' or '='))
        {
            reason = $"'{descr}' is not a simple element type (expected a byte order '<', '>', '|' or '=', a kind letter and a size, like '<f4')";
            return null;
        }
        char kind = descr[1];
        if (!int.TryParse(descr.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size))
        {
            reason = $"'{descr}' has no valid size after its kind letter";
            return null;
        }
        bool ok = kind switch
        {
            'f' => size is 2 or 4 or 8,
            'i' => size is 1 or 2 or 4 or 8,
            'u' => size is 1 or 2 or 4,
            'b' => size == 1,
            _ => false,
        };
        if (!ok)
        {
            reason = $"the element type '{descr}' ({Describe(kind, size)}) is not supported; supported: {Supported}";
            return null;
        }
        bool fileLittle = descr[0] switch { '<' => true, '>' => false, _ => BitConverter.IsLittleEndian };
        bool swap = size > 1 && fileLittle != BitConverter.IsLittleEndian;
        return new NpyDtype(descr, kind, size, swap);
    }

    /// <summary>The descr a tensor of <paramref name="dtype"/> is written with (this machine's byte order).</summary>
    public static string DescrOf(ScalarType dtype)
    {
        char order = BitConverter.IsLittleEndian ? '<' : '>';
        return dtype switch
        {
            ScalarType.Float32 => $"{order}f4",
            ScalarType.Float64 => $"{order}f8",
            ScalarType.Int64 => $"{order}i8",
            ScalarType.Bool => "|b1",
            _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
        };
    }

    static string Describe(char kind, int size) => kind switch
    {
        'f' => $"float{size * 8}",
        'i' => $"int{size * 8}",
        'u' => $"uint{size * 8}",
        'b' => $"bool of {size} bytes",
        'c' => $"complex{size * 8}",
        'U' => "unicode string",
        'S' or 'a' => "byte string",
        'O' => "Python object",
        'M' => "datetime",
        'm' => "timedelta",
        'V' => "raw void",
        _ => $"kind '{kind}'",
    };

    /// <summary>
    /// Converts <paramref name="raw"/> (file bytes, <see cref="Size"/> each, byte-swapped in place if needed) into the
    /// elements of <paramref name="target"/> starting at element <paramref name="start"/>.
    /// </summary>
    public void Convert(Span<byte> raw, torch.Tensor target, int start)
    {
        if (Swap) SwapBytes(raw, Size);
        int count = raw.Length / Size;
        switch (Kind, Size)
        {
            case ('f', 2): System.Numerics.Tensors.TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(raw), target.Span<float>().Slice(start, count)); break;
            case ('f', 4): MemoryMarshal.Cast<byte, float>(raw).CopyTo(target.Span<float>().Slice(start, count)); break;
            case ('f', 8): MemoryMarshal.Cast<byte, double>(raw).CopyTo(target.Span<double>().Slice(start, count)); break;
            case ('i', 1): Widen(MemoryMarshal.Cast<byte, sbyte>(raw), target.Span<long>().Slice(start, count)); break;
            case ('i', 2): Widen(MemoryMarshal.Cast<byte, short>(raw), target.Span<long>().Slice(start, count)); break;
            case ('i', 4): Widen(MemoryMarshal.Cast<byte, int>(raw), target.Span<long>().Slice(start, count)); break;
            case ('i', 8): MemoryMarshal.Cast<byte, long>(raw).CopyTo(target.Span<long>().Slice(start, count)); break;
            case ('u', 1): Widen<byte>(raw, target.Span<long>().Slice(start, count)); break;
            case ('u', 2): Widen(MemoryMarshal.Cast<byte, ushort>(raw), target.Span<long>().Slice(start, count)); break;
            case ('u', 4): Widen(MemoryMarshal.Cast<byte, uint>(raw), target.Span<long>().Slice(start, count)); break;
            case ('b', 1): raw.CopyTo(MemoryMarshal.AsBytes(target.Span<bool>().Slice(start, count))); break;
            default: throw new InvalidOperationException($"Internal error: no conversion for '{Descr}'.");
        }
    }

    static void Widen<T>(ReadOnlySpan<T> src, Span<long> dst) where T : unmanaged, System.Numerics.IBinaryInteger<T> =>
        System.Numerics.Tensors.TensorPrimitives.ConvertChecked(src, dst);

    /// <summary>Reverses the bytes of each <paramref name="size"/>-byte element, in place.</summary>
    public static void SwapBytes(Span<byte> bytes, int size)
    {
        switch (size)
        {
            case 2: System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<byte, ushort>(bytes)); break;
            case 4: System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes), MemoryMarshal.Cast<byte, uint>(bytes)); break;
            case 8: System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes), MemoryMarshal.Cast<byte, ulong>(bytes)); break;
        }
    }
}

using System.Numerics.Tensors;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// The contents of an unsigned-byte IDX file as stored: the raw bytes, row-major, and the shape from the header.
/// <see cref="Idx.Read(string)"/> returns one; <see cref="ToFloat32(bool)"/> and <see cref="ToInt64"/> make tensors of it.
/// </summary>
public sealed class IdxArray
{
    readonly byte[] _data;
    readonly int[] _dims;

    /// <summary>An array holding a copy of <paramref name="data"/>, of shape <paramref name="shape"/>.</summary>
    /// <param name="data">The elements, row-major.</param>
    /// <param name="shape">The size of each dimension, first the count (e.g. n, rows, cols for images); 1 to 255 dimensions.</param>
    /// <exception cref="ArgumentException">The shape does not hold exactly <c>data.Length</c> elements, or has no dimension.</exception>
    public IdxArray(byte[] data, params long[] shape)
        : this((byte[])(data ?? throw new ArgumentNullException(nameof(data))).Clone(), CheckedDims(data.Length, shape))
    {
    }

    /// <summary>Takes ownership of <paramref name="data"/>: the reader's one buffer becomes the array without a copy.</summary>
    internal IdxArray(byte[] data, int[] dims)
    {
        _data = data;
        _dims = dims;
    }

    static int[] CheckedDims(int length, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length is < 1 or > 255)
            throw new ArgumentException($"IdxArray: an IDX file has 1 to 255 dimensions; the shape given has {shape.Length}.", nameof(shape));
        var dims = Edu.Sdk.Tensors.Shape.FromLong("IdxArray", shape);
        long n = 1;
        foreach (int d in dims) n *= d;
        if (n != length)
            throw new ArgumentException($"IdxArray: shape ({Edu.Sdk.Tensors.Shape.Format(dims)}) holds {n} elements but {length} bytes were given.", nameof(shape));
        return dims;
    }

    /// <summary>The bytes, row-major.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>The size of each dimension (a new array each call).</summary>
    public long[] Shape => Edu.Sdk.Tensors.Shape.ToLong(_dims);

    /// <summary>The number of items: the first dimension (images or labels).</summary>
    public long Count => _dims[0];

    /// <summary>The IDX magic number for this array: <c>0x00000800</c> (unsigned bytes) plus the number of dimensions.</summary>
    public int Magic => IdxHeader.UnsignedByteMagic(_dims.Length);

    internal int[] Dims => _dims;

    internal byte[] Buffer => _data;

    /// <summary>
    /// A Float32 tensor of the same shape: each byte divided by 255 (so in [0, 1]) when <paramref name="scale"/> is true,
    /// else the byte values 0..255 themselves.
    /// </summary>
    public Tensor ToFloat32(bool scale = true)
    {
        var t = Tensor.Empty<float>((int[])_dims.Clone());
        var dst = t.Span<float>();
        if (scale) UnitPixels.Convert(_data, dst);
        else TensorPrimitives.ConvertChecked<byte, float>(_data, dst);
        return t;
    }

    /// <summary>An Int64 tensor of the same shape holding the byte values (class labels, for a label file).</summary>
    public Tensor ToInt64()
    {
        var t = Tensor.Empty<long>((int[])_dims.Clone());
        TensorPrimitives.ConvertChecked<byte, long>(_data, t.Span<long>());
        return t;
    }

    /// <summary>The shape and magic number, e.g. <c>IdxArray 0x00000803 (60000x28x28)</c>.</summary>
    public override string ToString() => $"IdxArray 0x{Magic:X8} ({Edu.Sdk.Tensors.Shape.Format(_dims)})";
}

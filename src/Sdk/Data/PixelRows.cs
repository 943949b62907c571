using Edu.Sdk.Tensors;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// Images kept as the file's bytes, one image per row, standing for the Float32 features <c>byte / 255f</c> (exactly
/// what <see cref="Idx.ReadImages"/> gives). A quarter of the memory of the floats: Fashion-MNIST's training images
/// are 47 MB instead of 188 MB, which fits in a server's last-level cache, and a shuffled batch reads a quarter of
/// the bytes. The loader converts the rows of each batch as it copies them (<see cref="CopyRows"/>).
/// </summary>
internal sealed class PixelRows
{
    readonly byte[] _bytes;

    /// <param name="bytes">The pixels, row-major; not copied.</param>
    /// <param name="dims">The shape of the images, count first, e.g. (60000, 28, 28).</param>
    public PixelRows(byte[] bytes, int[] dims)
    {
        long numel = Shape.Numel(dims);
        if (numel != bytes.Length)
            throw new ArgumentException($"PixelRows: shape ({Shape.Format(dims)}) holds {numel} pixels but {bytes.Length} bytes were given.", nameof(bytes));
        _bytes = bytes;
        Dims = dims;
        RowLength = Shape.Numel(dims.AsSpan(1));
    }

    Tensor? _floats;

    /// <summary>
    /// All the images as one Float32 tensor of shape <see cref="Dims"/>, made on the first call and shared by every
    /// later one: the split's <c>Images</c> and each data set made from these bytes read this same tensor, so a change
    /// made in place through one shows through the others, as with a tensor loaded as floats.
    /// </summary>
    public Tensor Floats()
    {
        if (Volatile.Read(ref _floats) is { } made) return made;
        // Two threads racing here both convert; both get the tensor published first.
        var floats = ToFloat32(0, Count, Dims);
        return Interlocked.CompareExchange(ref _floats, floats, null) ?? floats;
    }

    /// <summary>True once <see cref="Floats"/> has been made: from then on the floats, not the bytes, are the data.</summary>
    public bool HasFloats => Volatile.Read(ref _floats) is not null;

    /// <summary>The shape, count first.</summary>
    public int[] Dims { get; }

    /// <summary>The number of images.</summary>
    public int Count => Dims[0];

    /// <summary>Pixels per image.</summary>
    public int RowLength { get; }

    /// <summary>Images <c>[start, start + count)</c> as a Float32 tensor of shape <paramref name="dims"/> (count first).</summary>
    public Tensor ToFloat32(int start, int count, int[] dims)
    {
        var t = Tensor.Empty<float>(dims);
        UnitPixels.Convert(_bytes.AsSpan(start * RowLength, count * RowLength), t.Span<float>());
        return t;
    }

    /// <summary>The images at <paramref name="rows"/>, in that order (the caller has checked the indices).</summary>
    public PixelRows Select(ReadOnlySpan<long> rows)
    {
        var bytes = new byte[(long)rows.Length * RowLength];
        for (int k = 0; k < rows.Length; k++)
            _bytes.AsSpan((int)rows[k] * RowLength, RowLength).CopyTo(bytes.AsSpan(k * RowLength));
        return new PixelRows(bytes, Shape.WithRows(Dims, rows.Length));
    }

    /// <summary>Writes images <paramref name="rows"/> as floats into the contiguous Float32 tensor <paramref name="dst"/>, row k of it from image rows[k].</summary>
    public void CopyRows(ReadOnlySpan<long> rows, Tensor dst)
    {
        var floats = dst.Span<float>();
        for (int k = 0; k < rows.Length; k++)
            UnitPixels.Convert(_bytes.AsSpan((int)rows[k] * RowLength, RowLength), floats.Slice(k * RowLength, RowLength));
        dst.BumpVersion();
    }

    /// <summary>Starts loading images <paramref name="rows"/> into the caches (see <see cref="RowPrefetch"/>).</summary>
    public void Prefetch(ReadOnlySpan<long> rows) => RowPrefetch.Rows(_bytes, 0, RowLength, rows);
}

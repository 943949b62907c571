using System.Runtime.InteropServices;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>Reads one NPY array (header and data) from a stream: a .npy file or a member of an .npz archive.</summary>
internal static class NpyReader
{
    /// <param name="s">The stream, positioned at the magic string.</param>
    /// <param name="filePath">The file, for <see cref="DataFormatException.FilePath"/>.</param>
    /// <param name="where">The file (and member) as named in messages.</param>
    /// <param name="length">The stream's length in bytes when known (a file, a zip member), to refuse a truncated
    /// file before allocating what a corrupt header declares.</param>
    public static Tensor Read(Stream s, string filePath, string where, long? length)
    {
        var (header, headerLength) = NpyHeader.Read(s, filePath, where);
        var dtype = header.Dtype;
        long expected = header.Numel * dtype.Size;
        string declared = $"the header declares shape {header.ShapeText} of '{dtype.Descr}', so expected {expected} bytes of data";
        if (length is { } total && total - headerLength < expected)
            throw new NpyFormatException(filePath, $"{where}: truncated file: {declared}, found {Math.Max(0, total - headerLength)}. The file is incomplete; save or copy it again.");

        // Read in storage order: for a Fortran-order array that is the reversed shape, transposed afterwards.
        int[] storageDims = header.FortranOrder ? [.. header.Shape.Reverse()] : header.Shape;
        var tensor = Tensor.Empty(dtype.Target, storageDims);
        if (dtype.IsDirect)
        {
            var bytes = MemoryMarshal.AsBytes(ElementBytes(tensor));
            ReadExactly(s, bytes, filePath, where, declared);
            if (dtype.Kind == 'b') CheckBooleans(bytes, filePath, where);
        }
        else
        {
            ReadConverted(s, dtype, tensor, filePath, where, declared);
        }

        long extra = length is { } len ? len - headerLength - expected : CountRemaining(s);
        if (extra > 0)
            throw new NpyFormatException(filePath, $"{where}: the shape does not fit the data: {declared}, but the file holds {expected + extra}. The header or the file is damaged.");
        return header.FortranOrder ? FortranToRowMajor(tensor, header.Shape) : tensor;
    }

    static Span<byte> ElementBytes(Tensor t) => t.dtype switch
    {
        ScalarType.Float32 => MemoryMarshal.AsBytes(t.Span<float>()),
        ScalarType.Float64 => MemoryMarshal.AsBytes(t.Span<double>()),
        ScalarType.Int64 => MemoryMarshal.AsBytes(t.Span<long>()),
        ScalarType.Bool => MemoryMarshal.AsBytes(t.Span<bool>()),
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    static void ReadExactly(Stream s, Span<byte> into, string filePath, string where, string declared)
    {
        int got = s.ReadAtLeast(into, into.Length, throwOnEndOfStream: false);
        if (got < into.Length)
            throw new NpyFormatException(filePath, $"{where}: truncated file: {declared}, found {got}. The file is incomplete; save or copy it again.");
    }

    /// <summary>Reads elements that need widening or a byte swap, a chunk at a time, so no second full-size buffer is needed.</summary>
    static void ReadConverted(Stream s, NpyDtype dtype, Tensor tensor, string filePath, string where, string declared)
    {
        const int chunkElements = 1 << 14;
        byte[] chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(chunkElements * dtype.Size);
        try
        {
            long done = 0;
            while (done < tensor._numel)
            {
                int count = (int)Math.Min(chunkElements, tensor._numel - done);
                var raw = chunk.AsSpan(0, count * dtype.Size);
                int got = s.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
                if (got < raw.Length)
                    throw new NpyFormatException(filePath, $"{where}: truncated file: {declared}, found {done * dtype.Size + got}. The file is incomplete; save or copy it again.");
                dtype.Convert(raw, tensor, (int)done);
                done += count;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    static void CheckBooleans(ReadOnlySpan<byte> bytes, string filePath, string where)
    {
        int bad = bytes.IndexOfAnyExcept((byte)0, (byte)1);
        if (bad >= 0)
            throw new NpyFormatException(filePath, $"{where}: boolean element {bad} holds the byte {bytes[bad]}, but NumPy booleans are 0 or 1; the file is damaged.");
    }

    static long CountRemaining(Stream s)
    {
        Span<byte> scratch = stackalloc byte[512];
        long n = 0;
        int got;
        while ((got = s.Read(scratch)) > 0) n += got;
        return n;
    }

    /// <summary>
    /// A Fortran-order array was read as the row-major array of its reversed shape (its transpose, for a matrix);
    /// this reverses the axes back into a row-major tensor of <paramref name="shape"/>.
    /// </summary>
    static Tensor FortranToRowMajor(Tensor stored, int[] shape)
    {
        if (shape.Length < 2) return stored.reshape(Edu.Sdk.Tensors.Shape.ToLong(shape));
        var result = Tensor.Empty(stored.dtype, shape);
        // Source strides: in Fortran order the first index moves fastest.
        var strides = new int[shape.Length];
        int stride = 1;
        for (int i = 0; i < shape.Length; i++) { strides[i] = stride; stride *= shape[i]; }
        var index = new int[shape.Length];
        var src = stored._storage;
        var dst = result._storage;
        for (int k = 0; k < result._numel; k++)
        {
            int from = 0;
            for (int i = 0; i < shape.Length; i++) from += index[i] * strides[i];
            Array.Copy(src, from, dst, k, 1);
            for (int i = shape.Length - 1; i >= 0 && ++index[i] == shape[i]; i--) index[i] = 0;
        }
        return result;
    }
}

using static Edu.Sdk.torch;

namespace Edu.Sdk.Tensors;

/// <summary>Copies a transposed 2-d view into row-major storage, in cache-sized tiles.</summary>
internal static class Transpose
{
    const int Tile = 32;

    /// <summary>Writes the transposed view <paramref name="src"/> row-major into <paramref name="dst"/>.</summary>
    public static void Materialize(Tensor src, Tensor dst) => Write(src, src._dims[0], src._dims[1], dst);

    /// <summary>
    /// Writes xᵀ into <paramref name="dst"/> for a contiguous 2-d <paramref name="x"/>: the same copy, with x's storage
    /// read as the matrix whose transpose is wanted (no view made, so a training step allocates nothing).
    /// </summary>
    public static void Of(Tensor x, Tensor dst) => Write(x, x._dims[1], x._dims[0], dst);

    /// <summary>dst (rows × cols) = sᵀ, where <paramref name="storage"/>'s elements from its offset are s, cols × rows.</summary>
    static void Write(Tensor storage, int rows, int cols, Tensor dst)
    {
        switch (storage.dtype)
        {
            case ScalarType.Float32: Copy<float>(storage, rows, cols, dst); break;
            case ScalarType.Float64: Copy<double>(storage, rows, cols, dst); break;
            case ScalarType.Int64: Copy<long>(storage, rows, cols, dst); break;
            default: Copy<bool>(storage, rows, cols, dst); break;
        }
    }

    static void Copy<T>(Tensor storage, int rows, int cols, Tensor dst) where T : unmanaged
    {
        var s = new ReadOnlySpan<T>((T[])storage._storage, storage._offset, rows * cols);
        var d = dst.Span<T>();
        for (int i0 = 0; i0 < rows; i0 += Tile)
            for (int j0 = 0; j0 < cols; j0 += Tile)
            {
                int i1 = Math.Min(i0 + Tile, rows), j1 = Math.Min(j0 + Tile, cols);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++)
                        d[i * cols + j] = s[j * rows + i];
            }
    }
}

using static Edu.Sdk.torch;

namespace Edu.Sdk.Tensors;

/// <summary>Copies a transposed 2-d view into row-major storage, in cache-sized tiles.</summary>
internal static class Transpose
{
    const int Tile = 32;

    public static void Materialize(Tensor src, Tensor dst)
    {
        switch (src.dtype)
        {
            case ScalarType.Float32: Copy<float>(src, dst); break;
            case ScalarType.Float64: Copy<double>(src, dst); break;
            case ScalarType.Int64: Copy<long>(src, dst); break;
            default: Copy<bool>(src, dst); break;
        }
    }

    static void Copy<T>(Tensor src, Tensor dst) where T : unmanaged
    {
        // src shows rows x cols; its storage holds the cols x rows matrix s, so dst[i, j] = s[j, i].
        int rows = src._dims[0], cols = src._dims[1];
        var s = new ReadOnlySpan<T>((T[])src._storage, src._offset, src._numel);
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

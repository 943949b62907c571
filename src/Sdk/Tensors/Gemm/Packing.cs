using System.Numerics;
using System.Runtime.CompilerServices;

namespace Edu.Sdk.Tensors;

/// <summary>
/// Copies blocks of op(A) and op(B) into the order the micro-kernel reads them, so the kernel's loads are
/// sequential whatever the strides and transpose flags were (a transpose costs nothing beyond packing). Strips
/// past the matrix edge are zero-filled: the kernel always computes a full MR×NR tile, and zeros add nothing.
/// Packing also fixes the cache-set conflicts a power-of-two row stride (4 KB for 1024 floats) causes.
/// </summary>
internal static unsafe class Packing
{
    /// <summary>
    /// op(A)[i, p] for i &lt; mc, p &lt; kc (a points at the block's first element; op(A)[i,p] = a[i·lda + p], or
    /// a[p·lda + i] when transposed) into strips of MR rows: strip s holds, for each p, the MR values
    /// op(A)[s·MR + r, p] side by side.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void A<T>(bool trans, T* a, nint lda, int mc, int kc, int mr, T* dst) where T : unmanaged, INumber<T>
    {
        for (int i0 = 0; i0 < mc; i0 += mr, dst += mr * kc)
        {
            int rows = Math.Min(mr, mc - i0);
            if (!trans)
            {
                for (int r = 0; r < rows; r++)
                {
                    T* src = a + (i0 + r) * lda;
                    T* d = dst + r;
                    for (int p = 0; p < kc; p++, d += mr) *d = src[p];
                }
            }
            else
            {
                for (int p = 0; p < kc; p++)
                    new ReadOnlySpan<T>(a + p * lda + i0, rows).CopyTo(new Span<T>(dst + p * mr, rows));
            }
            if (rows < mr)
                for (int p = 0; p < kc; p++)
                    new Span<T>(dst + p * mr + rows, mr - rows).Clear();
        }
    }

    /// <summary>
    /// op(B)[p, j] for p &lt; kc, j &lt; nc (b points at the block's first element; op(B)[p,j] = b[p·ldb + j], or
    /// b[j·ldb + p] when transposed) into strips of NR columns: strip s holds, for each p, the NR values
    /// op(B)[p, s·NR + c] side by side, one or two vectors the kernel loads per step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void B<T>(bool trans, T* b, nint ldb, int kc, int nc, int nr, T* dst) where T : unmanaged, INumber<T>
    {
        for (int j0 = 0; j0 < nc; j0 += nr, dst += nr * kc)
        {
            int cols = Math.Min(nr, nc - j0);
            if (!trans)
            {
                for (int p = 0; p < kc; p++)
                    new ReadOnlySpan<T>(b + p * ldb + j0, cols).CopyTo(new Span<T>(dst + p * nr, cols));
            }
            else
            {
                for (int col = 0; col < cols; col++)
                {
                    T* src = b + (j0 + col) * ldb;
                    T* d = dst + col;
                    for (int p = 0; p < kc; p++, d += nr) *d = src[p];
                }
            }
            if (cols < nr)
                for (int p = 0; p < kc; p++)
                    new Span<T>(dst + p * nr + cols, nr - cols).Clear();
        }
    }
}

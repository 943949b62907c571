using System.Runtime.CompilerServices;
using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Edu.Sdk.Tensors;

/// <summary>
/// The 2-d convolution forward on raw spans: per image, im2col then one GEMM y = w·col, with the bias written
/// into y first so that the GEMM adds onto it (β = 1) instead of a second pass over the output.
/// </summary>
internal static class Conv2dKernel
{
    /// <summary>Below this many multiply-adds the whole batch runs on one thread: task start-up would dominate.</summary>
    const long ParallelWork = 1L << 20;

    /// <summary>
    /// y[n] = w · Im2Col(x[n]) + b for every image n. <paramref name="x"/> is N×(C·H·W), <paramref name="w"/> is the
    /// O×K weight, <paramref name="bias"/> has O elements or is empty, <paramref name="y"/> is N×(O·L).
    /// </summary>
    public static void Forward<T>(in Conv2dGeometry g, int n, int o, T[] x, int xOffset, T[] w, int wOffset,
        T[]? bias, int biasOffset, T[] y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var geo = g;
        int k = g.K, l = g.L, image = g.ImageSize, outImage = o * l;
        // The column buffer is rented, one per worker, so repeated calls (training) do not allocate K×L each time.
        int colSize = g.ColIsImage ? 0 : k * l;

        void One(int i, T[] col)
        {
            var xi = new ReadOnlySpan<T>(x, xOffset + i * image, image);
            var yi = new Span<T>(y, i * outImage, outImage);
            T beta = T.Zero;
            if (bias is not null)
            {
                for (int oc = 0; oc < o; oc++) yi.Slice(oc * l, l).Fill(bias[biasOffset + oc]);
                beta = T.One;
            }
            ReadOnlySpan<T> c = xi;
            if (!geo.ColIsImage)
            {
                geo.Im2Col(xi, col.AsSpan(0, colSize));
                c = new ReadOnlySpan<T>(col, 0, colSize);
            }
            GemmOf<T>.Run(o, l, k, new ReadOnlySpan<T>(w, wOffset, o * k), c, beta, yi);
        }

        long work = (long)n * o * k * l;
        if (n > 1 && work >= ParallelWork && Environment.ProcessorCount > 1)
        {
            Parallel.For(0, n,
                () => ArrayPool<T>.Shared.Rent(Math.Max(colSize, 1)),
                (i, _, col) => { One(i, col); return col; },
                col => ArrayPool<T>.Shared.Return(col));
        }
        else
        {
            var col = ArrayPool<T>.Shared.Rent(Math.Max(colSize, 1));
            try { for (int i = 0; i < n; i++) One(i, col); }
            finally { ArrayPool<T>.Shared.Return(col); }
        }
    }
}

/// <summary>C = α·op(A)·op(B) + β·C with α = 1 for float or double, routed to <see cref="Gemm"/>.</summary>
internal static class GemmOf<T> where T : unmanaged
{
    /// <summary>c (m×n) = a (m×k) · b (k×n) + β·c, all contiguous.</summary>
    public static void Run(int m, int n, int k, ReadOnlySpan<T> a, ReadOnlySpan<T> b, T beta, Span<T> c) =>
        Run(false, false, m, n, k, a, k, b, n, beta, c, n);

    /// <summary>c = op(a) · op(b) + β·c with row strides lda, ldb, ldc (op = transpose when the flag is set).</summary>
    public static void Run(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb,
        T beta, Span<T> c, int ldc)
    {
        // typeof(T) tests are constants after JIT specialisation: each instantiation keeps one branch.
        if (typeof(T) == typeof(float))
            Gemm.Sgemm(transA, transB, m, n, k, 1f, MemoryMarshal.Cast<T, float>(a), lda, MemoryMarshal.Cast<T, float>(b), ldb,
                Unsafe.As<T, float>(ref beta), MemoryMarshal.Cast<T, float>(c), ldc);
        else if (typeof(T) == typeof(double))
            Gemm.Dgemm(transA, transB, m, n, k, 1.0, MemoryMarshal.Cast<T, double>(a), lda, MemoryMarshal.Cast<T, double>(b), ldb,
                Unsafe.As<T, double>(ref beta), MemoryMarshal.Cast<T, double>(c), ldc);
        else throw new NotSupportedException($"GEMM on {typeof(T).Name}");
    }
}

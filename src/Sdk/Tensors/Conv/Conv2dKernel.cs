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
    /// O×K weight, <paramref name="bias"/> has O elements or is empty, <paramref name="y"/> is N×(O·L). Large batches
    /// are split by images over the cores (<see cref="CoreSplit"/>, which allocates nothing per call).
    /// </summary>
    public static void Forward<T>(in Conv2dGeometry g, int n, int o, T[] x, int xOffset, T[] w, int wOffset,
        T[]? bias, int biasOffset, T[] y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long work = (long)n * o * g.K * g.L;
        if (n > 1 && work >= ParallelWork && CoreSplit.Width > 1)
        {
            var job = ImagesJob<T>.ForThisThread;
            job.Set(g, o, x, xOffset, w, wOffset, bias, biasOffset, y);
            job.Split(n);
        }
        else Images(g, 0, n, o, x, xOffset, w, wOffset, bias, biasOffset, y);
    }

    /// <summary>
    /// Images [<paramref name="from"/>, <paramref name="to"/>) of <see cref="Forward"/>, with one column buffer rented
    /// for them all (from the pool, so repeated calls allocate nothing).
    /// </summary>
    static void Images<T>(in Conv2dGeometry g, int from, int to, int o, T[] x, int xOffset, T[] w, int wOffset,
        T[]? bias, int biasOffset, T[] y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int k = g.K, l = g.L, image = g.ImageSize, outImage = o * l;
        int colSize = g.ColIsImage ? 0 : k * l;
        var col = ArrayPool<T>.Shared.Rent(Math.Max(colSize, 1));
        try
        {
            for (int i = from; i < to; i++)
            {
                var xi = new ReadOnlySpan<T>(x, xOffset + i * image, image);
                var yi = new Span<T>(y, i * outImage, outImage);
                // The bias is written into y first, so that the GEMM adds onto it (β = 1) instead of a second pass.
                T beta = T.Zero;
                if (bias is not null)
                {
                    for (int oc = 0; oc < o; oc++) yi.Slice(oc * l, l).Fill(bias[biasOffset + oc]);
                    beta = T.One;
                }
                ReadOnlySpan<T> c = xi;
                if (!g.ColIsImage)
                {
                    g.Im2Col(xi, col.AsSpan(0, colSize));
                    c = new ReadOnlySpan<T>(col, 0, colSize);
                }
                GemmOf<T>.Run(o, l, k, new ReadOnlySpan<T>(w, wOffset, o * k), c, beta, yi);
            }
        }
        finally { ArrayPool<T>.Shared.Return(col); }
    }

    /// <summary>A range of images per part; one instance per calling thread, refilled each call.</summary>
    sealed class ImagesJob<T> : RangeJob where T : unmanaged, IFloatingPointIeee754<T>
    {
        [ThreadStatic] static ImagesJob<T>? t_job;
        public static ImagesJob<T> ForThisThread => t_job ??= new();

        Conv2dGeometry _g;
        T[] _x = [], _w = [], _y = [];
        T[]? _bias;
        int _o, _xOffset, _wOffset, _biasOffset;

        public void Set(in Conv2dGeometry g, int o, T[] x, int xOffset, T[] w, int wOffset, T[]? bias, int biasOffset, T[] y) =>
            (_g, _o, _x, _xOffset, _w, _wOffset, _bias, _biasOffset, _y) = (g, o, x, xOffset, w, wOffset, bias, biasOffset, y);

        protected override void Clear() { _x = _w = _y = []; _bias = null; }

        protected override void RunRange(int from, int to) => Images(_g, from, to, _o, _x, _xOffset, _w, _wOffset, _bias, _biasOffset, _y);
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

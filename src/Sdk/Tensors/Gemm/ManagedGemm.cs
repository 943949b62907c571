using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Edu.Sdk.Tensors;

internal static partial class Gemm
{
    /// <summary>
    /// The managed GEMM (the path without OpenBLAS, and under <c>EDU_BLAS=managed</c>): Goto/BLIS blocking around a
    /// register-blocked FMA micro-kernel. For each NC-column panel and KC-deep slice, B is packed once (KC×NC, sized
    /// for L2/L3); for each MC-row block A is packed (MC×KC, sized for L2); then every MR×NR tile of C is one kernel
    /// call whose B micro-panel (KC×NR) stays in L1 while the A strips stream past it. β is applied on the first
    /// KC slice only; later slices accumulate (β = 1).
    /// </summary>
    internal static unsafe class Managed
    {
        /// <summary>Depth of a slice: a 256×32 float B micro-panel is 32 KB, within the 48 KB L1.</summary>
        internal const int KC = 256;

        /// <summary>Rows of A packed together (MC×KC = 192 KB of floats, well inside a 2 MB L2); a multiple of every MR.</summary>
        internal const int MC = 192;

        /// <summary>Columns of B packed together; a multiple of every NR.</summary>
        internal const int NC = 4096;

        /// <summary>Multiply-adds each worker should get before splitting pays for waking a second thread.</summary>
        internal const long ParallelWork = 1L << 20;

        /// <summary>Which micro-kernel runs.</summary>
        public static string Kernel => Avx512F.IsSupported ? "avx512 8x(2·W)" : "vector256 6x(2·W)";

        /// <summary>C = α·op(A)·op(B) + β·C in float, with the checks of <see cref="Gemm.Sgemm"/>.</summary>
        public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
            ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        {
            if (!Prologue(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
                Core(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }

        /// <summary>C = α·op(A)·op(B) + β·C in double, with the checks of <see cref="Gemm.Dgemm"/>.</summary>
        public static void Dgemm(bool transA, bool transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
            ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
        {
            if (!Prologue(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
                Core(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }

        /// <summary>
        /// The blocked product with a chosen micro-kernel, whatever the CPU prefers and however small the product:
        /// lets tests cover the Vector256 kernel on an AVX-512 machine. Checks its arguments like <see cref="Sgemm"/>.
        /// </summary>
        internal static void WithKernel<T, TK>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
            ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, INumber<T> where TK : IMicroKernel<T>
        {
            if (Prologue(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
            fixed (T* pa = a, pb = b, pc = c)
                Split<T, TK>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }

        /// <summary>Arguments already checked by <see cref="Prologue"/>.</summary>
        internal static void Core<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
            ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, INumber<T>
        {
            fixed (T* pa = a, pb = b, pc = c)
            {
                if ((long)m * n * k <= SmallWork)
                    SmallGemm.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                else if (Avx512F.IsSupported)
                    Split<T, Avx512Kernel<T>>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
                else
                    Split<T, Vector256Kernel<T>>(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            }
        }

        /// <summary>
        /// Splits C into one slab per core along its longer dimension in tiles (columns in NR steps, else rows in MR
        /// steps) and runs the blocked product on each slab. Slabs share no output, so no synchronisation; each
        /// worker packs the operand it shares (A for column slabs), which costs O(m·k) against O(m·n·k/cores).
        /// </summary>
        static void Split<T, TK>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc)
            where T : unmanaged, INumber<T> where TK : IMicroKernel<T>
        {
            int colTiles = (n + TK.NR - 1) / TK.NR, rowTiles = (m + TK.MR - 1) / TK.MR;
            bool byCols = colTiles >= rowTiles;
            int tiles = byCols ? colTiles : rowTiles;
            long byWork = (long)m * n * k / ParallelWork;
            int tasks = (int)Math.Min(Math.Min(Environment.ProcessorCount, tiles), Math.Max(1, byWork));
            if (tasks <= 1)
            {
                Blocked<T, TK>(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
                return;
            }
            int step = (tiles + tasks - 1) / tasks * (byCols ? TK.NR : TK.MR);
            var job = SlabJob<T, TK>.ForThisThread;
            job.Set(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, byCols, step);
            CoreSplit.Run(job, tasks);
        }

        /// <summary>One slab of C per part; one instance per calling thread, refilled each call (no allocation).</summary>
        sealed class SlabJob<T, TK> : ISplitJob where T : unmanaged, INumber<T> where TK : IMicroKernel<T>
        {
            [ThreadStatic] static SlabJob<T, TK>? t_job;
            public static SlabJob<T, TK> ForThisThread => t_job ??= new();

            bool _transA, _transB, _byCols;
            int _m, _n, _k, _step;
            T _alpha, _beta;
            nint _a, _b, _c, _lda, _ldb, _ldc;

            public void Set(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc, bool byCols, int step)
            {
                (_transA, _transB, _m, _n, _k, _alpha, _a, _lda, _b, _ldb, _beta, _c, _ldc, _byCols, _step) =
                    (transA, transB, m, n, k, alpha, (nint)a, lda, (nint)b, ldb, beta, (nint)c, ldc, byCols, step);
            }

            public void Run(int part)
            {
                int s0 = part * _step, s1 = Math.Min(_byCols ? _n : _m, s0 + _step);
                if (s0 >= s1) return;
                T* a0 = (T*)_a, b0 = (T*)_b, c0 = (T*)_c;
                if (_byCols)
                    Blocked<T, TK>(_transA, _transB, _m, s1 - s0, _k, _alpha, a0, _lda, _transB ? b0 + s0 * _ldb : b0 + s0, _ldb, _beta, c0 + s0, _ldc);
                else
                    Blocked<T, TK>(_transA, _transB, s1 - s0, _n, _k, _alpha, _transA ? a0 + s0 : a0 + s0 * _lda, _lda, b0, _ldb, _beta, c0 + s0 * _ldc, _ldc);
            }
        }

        /// <summary>The single-threaded blocked product (loop order jc, pc, ic, jr, ir as in BLIS).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        static void Blocked<T, TK>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, nint lda, T* b, nint ldb, T beta, T* c, nint ldc)
            where T : unmanaged, INumber<T> where TK : IMicroKernel<T>
        {
            int mr = TK.MR, nr = TK.NR;
            int kcMax = Math.Min(KC, k), ncMax = Math.Min(NC, (n + nr - 1) / nr * nr), mcMax = Math.Min(MC, (m + mr - 1) / mr * mr);
            T* bp = PackBuffers<T>.B(kcMax * ncMax);
            T* ap = PackBuffers<T>.A(kcMax * mcMax);
            T* edge = stackalloc T[mr * nr];
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    T betaSlice = pc == 0 ? beta : T.One;
                    Packing.B(transB, transB ? b + jc * ldb + pc : b + pc * ldb + jc, ldb, kc, nc, nr, bp);
                    for (int ic = 0; ic < m; ic += MC)
                    {
                        int mc = Math.Min(MC, m - ic);
                        Packing.A(transA, transA ? a + pc * lda + ic : a + ic * lda + pc, lda, mc, kc, mr, ap);
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int cols = Math.Min(nr, nc - jr);
                            T* bStrip = bp + jr * kc;
                            for (int ir = 0; ir < mc; ir += mr)
                            {
                                int rows = Math.Min(mr, mc - ir);
                                T* aStrip = ap + ir * kc;
                                T* cTile = c + (ic + ir) * ldc + jc + jr;
                                if (rows == mr && cols == nr)
                                    TK.Run(kc, aStrip, bStrip, cTile, ldc, alpha, betaSlice);
                                else
                                {
                                    // Edge tile: compute the full tile aside, then write back only the part inside C.
                                    TK.Run(kc, aStrip, bStrip, edge, nr, T.One, T.Zero);
                                    WriteEdge(edge, nr, cTile, ldc, rows, cols, alpha, betaSlice);
                                }
                            }
                        }
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        static void WriteEdge<T>(T* tile, int nr, T* c, nint ldc, int rows, int cols, T alpha, T beta) where T : unmanaged, INumber<T>
        {
            for (int r = 0; r < rows; r++, c += ldc, tile += nr)
                for (int j = 0; j < cols; j++)
                    c[j] = beta == T.Zero ? alpha * tile[j] : alpha * tile[j] + beta * c[j];
        }
    }
}

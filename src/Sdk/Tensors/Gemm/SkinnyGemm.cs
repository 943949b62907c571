using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edu.Sdk.Tensors;

/// <summary>
/// Float products whose result has at most 16 columns and whose B is not transposed: the classifier layers of the
/// course (x·W with W of 784×10 or 300×10, batch 1 to 64) and, for layers written as x·W (generated layers), their
/// weight gradients xᵀ·dL/dz (nn.Linear's, dL/dzᵀ·x, has a column per input and goes to OpenBLAS). A general GEMM
/// packs both operands into panels sized for a wide result, which such a call mostly spends packing. Here a row of
/// B is one AVX-512 register and each row of C lives in a register for the whole depth.
/// </summary>
/// <remarks>
/// <para>C[i, :] = α·Σ_p op(A)[i, p]·B[p, :] + β·C[i, :]. Twenty, sixteen, eight or four rows of C share each load of B's
/// row p (eight or more independent FMA chains keep both FMA ports busy; four rows split the depth into even and
/// odd to get eight); a lone row splits its depth over eight chains. A batch of one on rows without padding, and its
/// outer-product weight gradient on rows of ten, go to <see cref="FlatRows"/>. B is read with masked loads of its n columns,
/// or, when it is shallow enough to stay in L1, from a copy in zero-padded aligned rows of 16. Masked stores touch
/// exactly the n columns, so a padded C (ldc &gt; n) keeps its padding and nothing is read past the end of B or C.</para>
/// <para>A masked store covers 64 bytes, more than a row of 10 floats: a load of the next row right after it would
/// overlap it and wait for it to reach the cache (no store forwarding). So a block loads all its rows of C (when
/// β ≠ 0) before it stores any; the next block loads its rows only after its whole depth, long after.</para>
/// </remarks>
internal static unsafe class SkinnyGemm
{
    /// <summary>The widest result this path takes: one AVX-512 register of floats.</summary>
    public const int MaxColumns = 16;

    /// <summary>
    /// Above this many multiply-adds OpenBLAS, on both cores, wins. Measured with the bench's <c>--skinny</c> (thread
    /// CPU time against cblas_sgemm on the same buffers): 2.3-2.8x faster than OpenBLAS on 1×784×10, 4-4.8x on its weight
    /// gradient 784×1×10 (both through <see cref="FlatRows"/>), 1.2-1.3x on 20×784×10, 64×784×10 and 64×300×10, 1.1-1.2x on the weight gradient 784×20×10.
    /// </summary>
    public const long MaxWork = 1L << 19;

    /// <summary>
    /// A transposed A (a weight gradient xᵀ·g) deeper than this goes to OpenBLAS: at a depth (batch) of 32 the two
    /// are level, at 64 this path is 0.7-0.9x, as each block of C re-reads a strip of every row of x.
    /// </summary>
    public const int MaxTransposedDepth = 32;

    /// <summary>True when the product is one this path takes (and the CPU has AVX-512).</summary>
    public static bool Applies(bool transA, bool transB, int m, int n, int k) =>
        !transB && n <= MaxColumns && (long)m * n * k <= MaxWork && (!transA || k <= MaxTransposedDepth) && Avx512F.IsSupported;

    /// <summary>This path on spans, with the facade's argument checks, whatever the work (tests cover it at every size).</summary>
    public static void Sgemm(bool transA, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (n > MaxColumns) throw new ArgumentOutOfRangeException(nameof(n), $"skinny gemm: at most {MaxColumns} columns, got {n}.");
        if (Gemm.Prologue(transA, false, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
        fixed (float* pa = a, pb = b, pc = c) Run(transA, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
    }

    /// <summary>C = α·op(A)·B + β·C for n ≤ 16; op(A) = Aᵀ when <paramref name="transA"/> (A stored k×m).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(bool transA, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb,
        float beta, float* c, int ldc)
    {
        // op(A)[i, p] = a[i·ai + p·ap]: a transpose swaps the two strides.
        nint ai = transA ? 1 : lda, ap = transA ? lda : 1;
        var mask = LaneMask.First(n);
        if (m == 1)
        {
            // One example: B read flat when its rows lie back to back (see FlatRows).
            if (ap == 1 && ldb == n) FlatRows.RowTimesMatrix(k, n, alpha, a, b, beta, c, mask);
            else OneRow(k, alpha, a, ap, b, ldb, beta, c, mask);
            return;
        }
        if (k == 1 && ai == 1 && ldc == n)
        {
            // An outer product (the weight gradient of one example): rows of ten written flat, the rest as below.
            int done = FlatRows.Outer(m, n, alpha, a, b, beta, c, mask);
            if (done == m) return;
            m -= done;
            a += done;
            c += (nint)done * ldc;
        }
        if (k <= MaxPackedDepth)
        {
            // B is read once per block of rows: copied once into rows of 16 floats, zero-padded and aligned, it is
            // read with plain loads (no mask, no load split across two cache lines); the padding lanes of C stay zero.
            float* packed = PackBuffers<float>.B(k * 16);
            for (int p = 0; p < k; p++) Avx512F.MaskLoad(b + (nint)p * ldb, mask, Vector512<float>.Zero).StoreAligned(packed + p * 16);
            Rows<AlignedRow>(m, k, alpha, a, ai, ap, packed, 16, beta, c, ldc, mask);
        }
        else Rows<MaskedRow>(m, k, alpha, a, ai, ap, b, ldb, beta, c, ldc, mask);
    }

    /// <summary>
    /// Deeper than this, B is read in place: packed rows take 64 bytes instead of 4n, and 784 of them (50 KB) no longer
    /// fit in L1 beside the rows of A, so each block would fetch B from L2 (measured: 20×784×10 slower packed, 64×300×10 and
    /// the weight gradients faster).
    /// </summary>
    const int MaxPackedDepth = 512;

    /// <summary>
    /// The rows of C in blocks of sixteen (the last twenty as one block of twenty), then at most one of eight and one
    /// of four, then one at a time.
    /// </summary>
    static void Rows<TRow>(int m, int k, float alpha, float* a, nint ai, nint ap, float* b, nint ldb, float beta, float* c,
        nint ldc, Vector512<float> mask) where TRow : IRowLoad
    {
        if (ai == 1) Rows<TRow, NextFloat>(m, k, alpha, a, ai, ap, b, ldb, beta, c, ldc, mask);
        else Rows<TRow, Stride>(m, k, alpha, a, ai, ap, b, ldb, beta, c, ldc, mask);
    }

    /// <summary>
    /// How far apart a block's rows of op(A) are. A block broadcasts one element of each of its rows per depth; with
    /// the distance a constant the JIT knows, a broadcast's address is a pointer plus a displacement. With the
    /// distance in a register it is an indexed address, and an FMA with an indexed memory operand costs this CPU a
    /// second micro-op. The weight gradient xᵀ·g, whose rows of op(A) are neighbouring floats, ran 1.15x faster with
    /// the constant (784×20×10, the median of 200 interleaved pairs against the previous kernel in one process; 0.385
    /// against 0.53 ns per FMA in a loop of twenty broadcast FMAs, the speed of FMAs on registers alone).
    /// A forward's stride is the width of x, known only at run time; copying its rows into a buffer of constant stride
    /// cost more than the displacements saved (20×784×10 0.86-0.90x).
    /// </summary>
    interface IRowStride
    {
        static abstract nint Of(nint ai);
    }

    /// <summary>Rows of op(A) one float apart: A transposed (a weight gradient), or a column of A.</summary>
    readonly struct NextFloat : IRowStride
    {
        public static nint Of(nint ai) => 1;
    }

    /// <summary>Rows of op(A) <c>ai</c> floats apart (a forward x·W: the stride of x).</summary>
    readonly struct Stride : IRowStride
    {
        public static nint Of(nint ai) => ai;
    }

    /// <summary>The blocks of <see cref="Rows{TRow}"/>, with the distance between rows of op(A) given by <typeparamref name="TStride"/>.</summary>
    static void Rows<TRow, TStride>(int m, int k, float alpha, float* a, nint ai, nint ap, float* b, nint ldb, float beta, float* c,
        nint ldc, Vector512<float> mask) where TRow : IRowLoad where TStride : IRowStride
    {
        int done = 0;
        for (; done + 16 <= m; done += 16)
        {
            if (m - done == 20)
            {
                // The A2 batch of 20 in one pass over B instead of a block of 16 and one of 4 (see Block20).
                Block20<TRow, TStride>(k, alpha, a + done * ai, ai, ap, b, ldb, beta, c + (nint)done * ldc, ldc, mask);
                return;
            }
            Block16<TRow, TStride>(k, alpha, a + done * ai, ai, ap, b, ldb, beta, c + (nint)done * ldc, ldc, mask);
        }
        if (m - done >= 8)
        {
            Block8<TRow, TStride>(k, alpha, a + done * ai, ai, ap, b, ldb, beta, c + (nint)done * ldc, ldc, mask);
            done += 8;
        }
        if (m - done >= 4)
        {
            Block4<TRow, TStride>(k, alpha, a + done * ai, ai, ap, b, ldb, beta, c + (nint)done * ldc, ldc, mask);
            done += 4;
        }
        for (int i = done; i < m; i++) OneRow(k, alpha, a + i * ai, ap, b, ldb, beta, c + (nint)i * ldc, mask);
    }

    /// <summary>How a block loads a row of B: aligned from the packed copy, or masked in place.</summary>
    interface IRowLoad
    {
        static abstract Vector512<float> Load(float* row, Vector512<float> mask);
    }

    readonly struct AlignedRow : IRowLoad
    {
        public static Vector512<float> Load(float* row, Vector512<float> mask) => Vector512.LoadAligned(row);
    }

    readonly struct MaskedRow : IRowLoad
    {
        public static Vector512<float> Load(float* row, Vector512<float> mask) => Avx512F.MaskLoad(row, mask, Vector512<float>.Zero);
    }

    /// <summary>
    /// Sixteen rows of C: each row of B is loaded once for sixteen FMAs, half the loads of B per FMA of a block of eight
    /// (measured: 20×784×10 and 64×784×10 1.2-1.3x faster than with blocks of eight alone).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block16<TRow, TStride>(int k, float alpha, float* a, nint ai, nint ap, float* b, nint ldb, float beta, float* c, nint ldc,
        Vector512<float> mask) where TRow : IRowLoad where TStride : IRowStride
    {
        ai = TStride.Of(ai);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector512<float> c4 = default, c5 = default, c6 = default, c7 = default;
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default;
        Vector512<float> e4 = default, e5 = default, e6 = default, e7 = default;
        float* r0 = a, r4 = a + 4 * ai, r8 = a + 8 * ai, r12 = a + 12 * ai, end = b + k * ldb;
        nint ai3 = 3 * ai;
        for (; b < end; b += ldb, r0 += ap, r4 += ap, r8 += ap, r12 += ap)
        {
            var bp = TRow.Load(b, mask);
            Fma4(bp, r0, ai, ai3, ref c0, ref c1, ref c2, ref c3);
            Fma4(bp, r4, ai, ai3, ref c4, ref c5, ref c6, ref c7);
            Fma4(bp, r8, ai, ai3, ref e0, ref e1, ref e2, ref e3);
            Fma4(bp, r12, ai, ai3, ref e4, ref e5, ref e6, ref e7);
        }
        var epilogue = new Epilogue(alpha, beta, mask);
        epilogue.Finish4(ref c0, ref c1, ref c2, ref c3, c, ldc);
        epilogue.Finish4(ref c4, ref c5, ref c6, ref c7, c + 4 * ldc, ldc);
        epilogue.Finish4(ref e0, ref e1, ref e2, ref e3, c + 8 * ldc, ldc);
        epilogue.Finish4(ref e4, ref e5, ref e6, ref e7, c + 12 * ldc, ldc);
        epilogue.Store4(c0, c1, c2, c3, c, ldc);
        epilogue.Store4(c4, c5, c6, c7, c + 4 * ldc, ldc);
        epilogue.Store4(e0, e1, e2, e3, c + 8 * ldc, ldc);
        epilogue.Store4(e4, e5, e6, e7, c + 12 * ldc, ldc);
    }

    /// <summary>
    /// Twenty rows of C, the course's batch of 20: each row of B loaded once for twenty FMAs. As a block of sixteen and
    /// one of four, the four rows re-read all of B with one load per four FMAs (measured with <c>--skinny</c>: 20×784×10
    /// took as long as 32×784×10). Twenty accumulators and B's row fit in the 32 AVX-512 registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block20<TRow, TStride>(int k, float alpha, float* a, nint ai, nint ap, float* b, nint ldb, float beta, float* c, nint ldc,
        Vector512<float> mask) where TRow : IRowLoad where TStride : IRowStride
    {
        ai = TStride.Of(ai);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector512<float> c4 = default, c5 = default, c6 = default, c7 = default;
        Vector512<float> e0 = default, e1 = default, e2 = default, e3 = default;
        Vector512<float> e4 = default, e5 = default, e6 = default, e7 = default;
        Vector512<float> f0 = default, f1 = default, f2 = default, f3 = default;
        float* r0 = a, r4 = a + 4 * ai, r8 = a + 8 * ai, r12 = a + 12 * ai, r16 = a + 16 * ai, end = b + k * ldb;
        nint ai3 = 3 * ai;
        for (; b < end; b += ldb, r0 += ap, r4 += ap, r8 += ap, r12 += ap, r16 += ap)
        {
            var bp = TRow.Load(b, mask);
            Fma4(bp, r0, ai, ai3, ref c0, ref c1, ref c2, ref c3);
            Fma4(bp, r4, ai, ai3, ref c4, ref c5, ref c6, ref c7);
            Fma4(bp, r8, ai, ai3, ref e0, ref e1, ref e2, ref e3);
            Fma4(bp, r12, ai, ai3, ref e4, ref e5, ref e6, ref e7);
            Fma4(bp, r16, ai, ai3, ref f0, ref f1, ref f2, ref f3);
        }
        var epilogue = new Epilogue(alpha, beta, mask);
        epilogue.Finish4(ref c0, ref c1, ref c2, ref c3, c, ldc);
        epilogue.Finish4(ref c4, ref c5, ref c6, ref c7, c + 4 * ldc, ldc);
        epilogue.Finish4(ref e0, ref e1, ref e2, ref e3, c + 8 * ldc, ldc);
        epilogue.Finish4(ref e4, ref e5, ref e6, ref e7, c + 12 * ldc, ldc);
        epilogue.Finish4(ref f0, ref f1, ref f2, ref f3, c + 16 * ldc, ldc);
        epilogue.Store4(c0, c1, c2, c3, c, ldc);
        epilogue.Store4(c4, c5, c6, c7, c + 4 * ldc, ldc);
        epilogue.Store4(e0, e1, e2, e3, c + 8 * ldc, ldc);
        epilogue.Store4(e4, e5, e6, e7, c + 12 * ldc, ldc);
        epilogue.Store4(f0, f1, f2, f3, c + 16 * ldc, ldc);
    }

    /// <summary>Eight rows of C: each row of B loaded once for all eight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block8<TRow, TStride>(int k, float alpha, float* a, nint ai, nint ap, float* b, nint ldb, float beta, float* c, nint ldc,
        Vector512<float> mask) where TRow : IRowLoad where TStride : IRowStride
    {
        ai = TStride.Of(ai);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector512<float> c4 = default, c5 = default, c6 = default, c7 = default;
        // Two row pointers four rows apart keep every address a base plus a scaled index: no multiply in the loop.
        float* lo = a, hi = a + 4 * ai, end = b + k * ldb;
        nint ai3 = 3 * ai;
        for (; b < end; b += ldb, lo += ap, hi += ap)
        {
            var bp = TRow.Load(b, mask);
            Fma4(bp, lo, ai, ai3, ref c0, ref c1, ref c2, ref c3);
            Fma4(bp, hi, ai, ai3, ref c4, ref c5, ref c6, ref c7);
        }
        // Every row of C is read before any is written (see the remarks: no load waits on a store).
        var epilogue = new Epilogue(alpha, beta, mask);
        epilogue.Finish4(ref c0, ref c1, ref c2, ref c3, c, ldc);
        epilogue.Finish4(ref c4, ref c5, ref c6, ref c7, c + 4 * ldc, ldc);
        epilogue.Store4(c0, c1, c2, c3, c, ldc);
        epilogue.Store4(c4, c5, c6, c7, c + 4 * ldc, ldc);
    }

    /// <summary>
    /// Four rows of C (what is left after the blocks of eight, when four or more). Four FMA chains alone would wait on
    /// each other's latency (4 cycles), so even and odd depths go to separate accumulators: eight chains, as a block of eight has.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block4<TRow, TStride>(int k, float alpha, float* a, nint ai, nint ap, float* b, nint ldb, float beta, float* c, nint ldc,
        Vector512<float> mask) where TRow : IRowLoad where TStride : IRowStride
    {
        ai = TStride.Of(ai);
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector512<float> d0 = default, d1 = default, d2 = default, d3 = default;
        float* lo = a, end = b + (k & ~1) * ldb;
        nint ai3 = 3 * ai;
        for (; b < end; b += 2 * ldb, lo += 2 * ap)
        {
            var bp = TRow.Load(b, mask);
            var bq = TRow.Load(b + ldb, mask);
            Fma4(bp, lo, ai, ai3, ref c0, ref c1, ref c2, ref c3);
            Fma4(bq, lo + ap, ai, ai3, ref d0, ref d1, ref d2, ref d3);
        }
        if ((k & 1) != 0) Fma4(TRow.Load(b, mask), lo, ai, ai3, ref c0, ref c1, ref c2, ref c3);
        c0 += d0; c1 += d1; c2 += d2; c3 += d3;
        var epilogue = new Epilogue(alpha, beta, mask);
        epilogue.Finish4(ref c0, ref c1, ref c2, ref c3, c, ldc);
        epilogue.Store4(c0, c1, c2, c3, c, ldc);
    }

    /// <summary>cᵢ += op(A)[row i, p]·B[p, :] for four rows of A at <paramref name="r"/>, r + ai, r + 2ai, r + 3ai (<paramref name="ai3"/> = 3ai).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Fma4(Vector512<float> bp, float* r, nint ai, nint ai3,
        ref Vector512<float> c0, ref Vector512<float> c1, ref Vector512<float> c2, ref Vector512<float> c3)
    {
        c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(r[0]), bp, c0);
        c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(r[ai]), bp, c1);
        c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(r[2 * ai]), bp, c2);
        c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(r[ai3]), bp, c3);
    }

    /// <summary>
    /// The end of a block: acc = α·acc + β·C[row] for each of its rows (C read only when β ≠ 0), then the masked
    /// stores. A block finishes all its rows before it stores any (see the remarks).
    /// </summary>
    readonly struct Epilogue(float alpha, float beta, Vector512<float> mask)
    {
        readonly Vector512<float> _alpha = Vector512.Create(alpha), _beta = Vector512.Create(beta);
        readonly bool _keep = beta != 0f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Finish4(ref Vector512<float> c0, ref Vector512<float> c1, ref Vector512<float> c2, ref Vector512<float> c3, float* c, nint ldc)
        {
            c0 = Row(c0, c); c1 = Row(c1, c + ldc); c2 = Row(c2, c + 2 * ldc); c3 = Row(c3, c + 3 * ldc);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store4(Vector512<float> c0, Vector512<float> c1, Vector512<float> c2, Vector512<float> c3, float* c, nint ldc)
        {
            Avx512F.MaskStore(c, mask, c0);
            Avx512F.MaskStore(c + ldc, mask, c1);
            Avx512F.MaskStore(c + 2 * ldc, mask, c2);
            Avx512F.MaskStore(c + 3 * ldc, mask, c3);
        }

        /// <summary>Finishes and stores a lone row.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store1(Vector512<float> acc, float* row) => Avx512F.MaskStore(row, mask, Row(acc, row));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        Vector512<float> Row(Vector512<float> acc, float* row)
        {
            acc *= _alpha;
            return _keep ? Avx512F.FusedMultiplyAdd(_beta, Avx512F.MaskLoad(row, mask, Vector512<float>.Zero), acc) : acc;
        }
    }

    /// <summary>
    /// One row of C (a batch of one, or the rows left over): the depth split over eight FMA chains, enough to keep
    /// both FMA ports busy through their 4-cycle latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void OneRow(int k, float alpha, float* arow, nint ap, float* b, nint ldb, float beta, float* crow, Vector512<float> mask)
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        Vector512<float> s4 = default, s5 = default, s6 = default, s7 = default;
        int p = 0;
        for (; p + 8 <= k; p += 8, arow += 8 * ap, b += 8 * ldb)
        {
            s0 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[0]), Avx512F.MaskLoad(b, mask, default), s0);
            s1 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[ap]), Avx512F.MaskLoad(b + ldb, mask, default), s1);
            s2 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[2 * ap]), Avx512F.MaskLoad(b + 2 * ldb, mask, default), s2);
            s3 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[3 * ap]), Avx512F.MaskLoad(b + 3 * ldb, mask, default), s3);
            s4 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[4 * ap]), Avx512F.MaskLoad(b + 4 * ldb, mask, default), s4);
            s5 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[5 * ap]), Avx512F.MaskLoad(b + 5 * ldb, mask, default), s5);
            s6 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[6 * ap]), Avx512F.MaskLoad(b + 6 * ldb, mask, default), s6);
            s7 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[7 * ap]), Avx512F.MaskLoad(b + 7 * ldb, mask, default), s7);
        }
        for (; p < k; p++, arow += ap, b += ldb)
            s0 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[0]), Avx512F.MaskLoad(b, mask, default), s0);
        new Epilogue(alpha, beta, mask).Store1(((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), crow);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edu.Sdk.Tensors;

/// <summary>
/// Float products whose result has at most 16 columns and whose B is not transposed: the classifier layers of the
/// course (x·W with W of 784×10 or 300×10, batch 1 to 64) and their weight gradients (xᵀ·dL/dz). A general GEMM
/// packs both operands into panels sized for a wide result, which such a call mostly spends packing. Here a row of
/// B is one AVX-512 register (masked to the n columns), each row of C lives in a register for the whole depth, and
/// nothing is packed.
/// </summary>
/// <remarks>
/// <para>C[i, :] = α·Σ_p op(A)[i, p]·B[p, :] + β·C[i, :]. Eight rows of C share each load of B's row p (eight
/// independent FMA chains keep both FMA ports busy); a lone row splits its depth over four chains instead. Masked
/// loads and stores touch exactly the n columns, so a padded C (ldc &gt; n) keeps its padding and nothing is read
/// past the end of B or C.</para>
/// <para>A masked store covers 64 bytes, more than a row of 10 floats: a later load of the next rows would overlap
/// it and wait for it to reach the cache (no store forwarding). So a block loads its eight rows of C before it
/// stores any, and the blocks run even ones first, then odd ones, so consecutive blocks are never neighbours.</para>
/// </remarks>
internal static unsafe class SkinnyGemm
{
    /// <summary>The widest result this path takes: one AVX-512 register of floats.</summary>
    public const int MaxColumns = 16;

    /// <summary>
    /// Above this many multiply-adds OpenBLAS has amortised its packing: measured with thread CPU time against
    /// cblas_sgemm on the same buffers, this path is 2.3x faster on 1×784×10 (a batch of one) and 2.0x on the
    /// transposed 784×1×10 (its weight gradient), and level (0.85-1.0) from 20×784×10 and 64×300×10 up.
    /// </summary>
    public const long MaxWork = 1L << 15;

    const int BlockRows = 8;

    /// <summary>True when the product is one this path takes (and the CPU has AVX-512).</summary>
    public static bool Applies(bool transB, int m, int n, int k) =>
        !transB && n <= MaxColumns && (long)m * n * k <= MaxWork && Avx512F.IsSupported;

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
        var mask = Vector512.LessThan(Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create(n)).AsSingle();
        int blocks = m / BlockRows;
        for (int parity = 0; parity < 2; parity++)
            for (int blk = parity; blk < blocks; blk += 2)
            {
                int i = blk * BlockRows;
                Block(k, alpha, a + i * ai, ai, ap, b, ldb, beta, c + (nint)i * ldc, ldc, mask);
            }
        for (int i = blocks * BlockRows; i < m; i++) OneRow(k, alpha, a + i * ai, ap, b, ldb, beta, c + (nint)i * ldc, mask);
    }

    /// <summary>Eight rows of C: each B row loaded once for all eight.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Block(int k, float alpha, float* a, nint ai, nint ap, float* b, nint ldb, float beta, float* c, nint ldc,
        Vector512<float> mask)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default;
        Vector512<float> c4 = default, c5 = default, c6 = default, c7 = default;
        for (int p = 0; p < k; p++)
        {
            var bp = Avx512F.MaskLoad(b + p * ldb, mask, Vector512<float>.Zero);
            float* ap0 = a + p * ap;
            c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(ap0[0]), bp, c0);
            c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(ap0[ai]), bp, c1);
            c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(ap0[2 * ai]), bp, c2);
            c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(ap0[3 * ai]), bp, c3);
            c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(ap0[4 * ai]), bp, c4);
            c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(ap0[5 * ai]), bp, c5);
            c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(ap0[6 * ai]), bp, c6);
            c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(ap0[7 * ai]), bp, c7);
        }
        var va = Vector512.Create(alpha);
        c0 *= va; c1 *= va; c2 *= va; c3 *= va; c4 *= va; c5 *= va; c6 *= va; c7 *= va;
        if (beta != 0f)
        {
            // Every row of C is read before any is written (see the remarks: no load waits on a store).
            var vb = Vector512.Create(beta);
            var o0 = Avx512F.MaskLoad(c, mask, default);
            var o1 = Avx512F.MaskLoad(c + ldc, mask, default);
            var o2 = Avx512F.MaskLoad(c + 2 * ldc, mask, default);
            var o3 = Avx512F.MaskLoad(c + 3 * ldc, mask, default);
            var o4 = Avx512F.MaskLoad(c + 4 * ldc, mask, default);
            var o5 = Avx512F.MaskLoad(c + 5 * ldc, mask, default);
            var o6 = Avx512F.MaskLoad(c + 6 * ldc, mask, default);
            var o7 = Avx512F.MaskLoad(c + 7 * ldc, mask, default);
            c0 = Avx512F.FusedMultiplyAdd(vb, o0, c0); c1 = Avx512F.FusedMultiplyAdd(vb, o1, c1);
            c2 = Avx512F.FusedMultiplyAdd(vb, o2, c2); c3 = Avx512F.FusedMultiplyAdd(vb, o3, c3);
            c4 = Avx512F.FusedMultiplyAdd(vb, o4, c4); c5 = Avx512F.FusedMultiplyAdd(vb, o5, c5);
            c6 = Avx512F.FusedMultiplyAdd(vb, o6, c6); c7 = Avx512F.FusedMultiplyAdd(vb, o7, c7);
        }
        Avx512F.MaskStore(c, mask, c0);
        Avx512F.MaskStore(c + ldc, mask, c1);
        Avx512F.MaskStore(c + 2 * ldc, mask, c2);
        Avx512F.MaskStore(c + 3 * ldc, mask, c3);
        Avx512F.MaskStore(c + 4 * ldc, mask, c4);
        Avx512F.MaskStore(c + 5 * ldc, mask, c5);
        Avx512F.MaskStore(c + 6 * ldc, mask, c6);
        Avx512F.MaskStore(c + 7 * ldc, mask, c7);
    }

    /// <summary>One row of C (a batch of one, or the rows left over): the depth split over four FMA chains.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void OneRow(int k, float alpha, float* arow, nint ap, float* b, nint ldb, float beta, float* crow, Vector512<float> mask)
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
        int p = 0;
        for (; p + 4 <= k; p += 4)
        {
            float* brow = b + p * ldb;
            s0 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[p * ap]), Avx512F.MaskLoad(brow, mask, default), s0);
            s1 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[(p + 1) * ap]), Avx512F.MaskLoad(brow + ldb, mask, default), s1);
            s2 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[(p + 2) * ap]), Avx512F.MaskLoad(brow + 2 * ldb, mask, default), s2);
            s3 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[(p + 3) * ap]), Avx512F.MaskLoad(brow + 3 * ldb, mask, default), s3);
        }
        for (; p < k; p++)
            s0 = Avx512F.FusedMultiplyAdd(Vector512.Create(arow[p * ap]), Avx512F.MaskLoad(b + p * ldb, mask, default), s0);
        var sum = ((s0 + s1) + (s2 + s3)) * Vector512.Create(alpha);
        if (beta != 0f) sum = Avx512F.FusedMultiplyAdd(Vector512.Create(beta), Avx512F.MaskLoad(crow, mask, default), sum);
        Avx512F.MaskStore(crow, mask, sum);
    }
}

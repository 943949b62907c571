using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edu.Sdk.Tensors;

/// <summary>
/// The two skinny products of a batch of one, with the narrow matrix read as one flat array: the forward of one
/// example, y = x·W (1×k times k×n), and, for rows of ten, its weight gradient, the outer product xᵀ·g (m×1 times
/// 1×10). A row of n = 10 floats fills 10 of a register's 16 lanes, and a masked load or store of it straddles a cache
/// line every other row; sixteen such rows laid back to back are exactly n full registers. Lane l of register t of a
/// span of sixteen rows holds element 16t + l of the span: row (16t + l) / n, column (16t + l) % n. One permute
/// spreads the sixteen values of x (one per row) over a register's lanes, and full loads and stores replace the
/// masked ones.
/// </summary>
/// <remarks>
/// Measured with the bench's <c>--skinny</c> (thread CPU time, same buffers): the outer product 784×1×10 0.88-0.91 µs
/// with the row kernels, 0.52-0.57 µs flat (4-4.8x OpenBLAS); added into C (β = 1) in a loop, 1.6 µs before, 0.56 µs
/// flat, as the row kernels' masked store of a row overlapped the next row's load. 1×784×10 is level in L1 (0.52 and
/// 0.54 µs) but faster in an epoch, where W comes from L2. The batch-1 regression epoch (<c>--profile 1</c>, alternating
/// builds): forward 0.82-1.04 -> 0.67-0.75 µs, backward 1.5-1.8 -> 1.1-1.3 µs, epoch 0.22-0.28 -> 0.20-0.21 s.
/// </remarks>
internal static unsafe class FlatRows
{
    /// <summary>Rows per span: the lanes of one register of x.</summary>
    const int SpanRows = 16;

    /// <summary>
    /// For each width n (1 to 16), n index vectors: entry 16t + l is the row of lane l of register t within a span,
    /// (16t + l) / n; and n more giving its column, (16t + l) % n. Pinned, so the kernels load them by address.
    /// </summary>
    static readonly int[][] s_rows = Table((e, n) => e / n), s_columns = Table((e, n) => e % n);

    static int[][] Table(Func<int, int, int> of)
    {
        var table = new int[SkinnyGemm.MaxColumns + 1][];
        for (int n = 1; n <= SkinnyGemm.MaxColumns; n++)
        {
            table[n] = GC.AllocateArray<int>(SpanRows * n, pinned: true);
            for (int e = 0; e < SpanRows * n; e++) table[n][e] = of(e, n);
        }
        return table;
    }

    /// <summary>
    /// y = α·x·B + β·y for x of k contiguous floats and B of k rows of n contiguous floats (ldb = n). The first
    /// k − k mod 16 rows of B run flat, the last ones one at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RowTimesMatrix(int k, int n, float alpha, float* x, float* b, float beta, float* y, Vector512<float> mask)
    {
        int spans = k / SpanRows;
        fixed (int* rows = s_rows[n])
        {
            // Per column of the flat layout, the sum over spans, in four chains (an FMA's latency is four cycles).
            float* sums = stackalloc float[SpanRows * n];
            for (int t = 0; t < n; t++)
            {
                var row = Vector512.Load(rows + SpanRows * t);
                Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
                float* xs = x, bt = b + SpanRows * t;
                nint stride = SpanRows * n;
                int s = 0;
                for (; s + 4 <= spans; s += 4, xs += 4 * SpanRows, bt += 4 * stride)
                {
                    s0 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(Vector512.Load(xs), row), Vector512.Load(bt), s0);
                    s1 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(Vector512.Load(xs + SpanRows), row), Vector512.Load(bt + stride), s1);
                    s2 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(Vector512.Load(xs + 2 * SpanRows), row), Vector512.Load(bt + 2 * stride), s2);
                    s3 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(Vector512.Load(xs + 3 * SpanRows), row), Vector512.Load(bt + 3 * stride), s3);
                }
                for (; s < spans; s++, xs += SpanRows, bt += stride)
                    s0 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(Vector512.Load(xs), row), Vector512.Load(bt), s0);
                ((s0 + s1) + (s2 + s3)).Store(sums + SpanRows * t);
            }
            // The sums are laid out as a span, sixteen rows of n: adding up those rows folds each lane into its column.
            var total = Vector512<float>.Zero;
            for (int r = 0; r < SpanRows; r++) total += Avx512F.MaskLoad(sums + r * n, mask, default);
            int done = spans * SpanRows;
            for (int p = done; p < k; p++)
                total = Avx512F.FusedMultiplyAdd(Vector512.Create(x[p]), Avx512F.MaskLoad(b + (nint)p * n, mask, default), total);
            total *= Vector512.Create(alpha);
            if (beta != 0f) total = Avx512F.FusedMultiplyAdd(Vector512.Create(beta), Avx512F.MaskLoad(y, mask, default), total);
            Avx512F.MaskStore(y, mask, total);
        }
    }

    /// <summary>
    /// C = α·a·bᵀ + β·C for a of m contiguous floats, b of n, and C of m rows of n contiguous floats (ldc = n), for
    /// the first m − m mod 16 rows, when n is 10 (the course's ten classes); returns how many rows it did (the caller
    /// finishes the rest, and does every row of other widths).
    /// </summary>
    /// <remarks>
    /// Span after span, so C is written in address order: the ten row-index and ten b-pattern registers fit in the
    /// register file together. A version for any width, one register of the span at a time down all the spans (the
    /// patterns then fit for any n), was faster in L1 but slower in an epoch, where C, the 784x10 gradient, comes from
    /// L2 and that order strides over it (batch-1 backward 1.5-1.8 µs with the row kernels, 1.7-2.8 µs, and 1.1-1.3 µs
    /// with this one).
    /// </remarks>
    public static int Outer(int m, int n, float alpha, float* a, float* b, float beta, float* c, Vector512<float> mask)
    {
        if (n != 10) return 0;
        int spans = m / SpanRows;
        OuterOfTen(spans, a, Avx512F.MaskLoad(b, mask, default) * Vector512.Create(alpha), beta, c);
        return spans * SpanRows;
    }

    /// <summary>The spans of <see cref="Outer"/>, each 16 rows of ten floats: ten registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void OuterOfTen(int spans, float* a, Vector512<float> scaledB, float beta, float* c)
    {
        fixed (int* rows = s_rows[10], columns = s_columns[10])
        {
            Vector512<int> r0 = Vector512.Load(rows), r1 = Vector512.Load(rows + 16), r2 = Vector512.Load(rows + 32), r3 = Vector512.Load(rows + 48), r4 = Vector512.Load(rows + 64);
            Vector512<int> r5 = Vector512.Load(rows + 80), r6 = Vector512.Load(rows + 96), r7 = Vector512.Load(rows + 112), r8 = Vector512.Load(rows + 128), r9 = Vector512.Load(rows + 144);
            Vector512<float> b0 = Pattern(scaledB, columns), b1 = Pattern(scaledB, columns + 16), b2 = Pattern(scaledB, columns + 32), b3 = Pattern(scaledB, columns + 48);
            Vector512<float> b4 = Pattern(scaledB, columns + 64), b5 = Pattern(scaledB, columns + 80), b6 = Pattern(scaledB, columns + 96);
            Vector512<float> b7 = Pattern(scaledB, columns + 112), b8 = Pattern(scaledB, columns + 128), b9 = Pattern(scaledB, columns + 144);
            var keep = Vector512.Create(beta);
            for (int s = 0; s < spans; s++, a += SpanRows, c += 160)
            {
                var x = Vector512.Load(a);
                Put(c, Avx512F.PermuteVar16x32(x, r0) * b0, keep, beta);
                Put(c + 16, Avx512F.PermuteVar16x32(x, r1) * b1, keep, beta);
                Put(c + 32, Avx512F.PermuteVar16x32(x, r2) * b2, keep, beta);
                Put(c + 48, Avx512F.PermuteVar16x32(x, r3) * b3, keep, beta);
                Put(c + 64, Avx512F.PermuteVar16x32(x, r4) * b4, keep, beta);
                Put(c + 80, Avx512F.PermuteVar16x32(x, r5) * b5, keep, beta);
                Put(c + 96, Avx512F.PermuteVar16x32(x, r6) * b6, keep, beta);
                Put(c + 112, Avx512F.PermuteVar16x32(x, r7) * b7, keep, beta);
                Put(c + 128, Avx512F.PermuteVar16x32(x, r8) * b8, keep, beta);
                Put(c + 144, Avx512F.PermuteVar16x32(x, r9) * b9, keep, beta);
            }
        }
    }

    /// <summary>Lane l of register t is column (16t + l) % n: α·b laid out to match.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<float> Pattern(Vector512<float> scaledB, int* columns) => Avx512F.PermuteVar16x32(scaledB, Vector512.Load(columns));

    /// <summary>Stores v + β·C at c (C not read when β = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Put(float* c, Vector512<float> v, Vector512<float> keep, float beta)
    {
        if (beta == 0f) v.Store(c);
        else if (beta == 1f) (v + Vector512.Load(c)).Store(c);
        else Avx512F.FusedMultiplyAdd(keep, Vector512.Load(c), v).Store(c);
    }
}

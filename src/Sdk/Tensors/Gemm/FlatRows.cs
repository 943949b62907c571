using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edu.Sdk.Tensors;

/// <summary>
/// The two skinny products of a batch of one, with the narrow matrix read as one flat array: the forward of one
/// example, y = x·W (1×k times k×n), and its weight gradient, the outer product xᵀ·g (m×1 times 1×n). A row of
/// n = 10 floats fills 10 of a register's 16 lanes, and a masked load or store of it straddles a cache line every
/// other row; sixteen such rows laid back to back are exactly n full registers. Lane l of register t of a span of
/// sixteen rows holds element 16t + l of the span: row (16t + l) / n, column (16t + l) % n. One permute spreads the
/// sixteen values of x (one per row) over a register's lanes, and full loads and stores replace the masked ones.
/// </summary>
/// <remarks>
/// Measured with the bench's <c>--skinny</c> (thread CPU time, same buffers): the outer product 784×1×10 0.88 µs with
/// the row kernels, 0.55 µs flat (4.1x OpenBLAS); added into C (β = 1) in a loop, 1.6 µs before, 0.56 µs flat, as
/// the row kernels' masked store of a row overlapped the next row's load. 1×784×10 is level in L1 (0.52 and
/// 0.54 µs) but faster in an epoch, where W comes from L2 and each masked row load straddled two cache lines: the
/// batch-1 regression epoch 0.22-0.23 s with the row kernel, 0.19-0.20 s flat (alternating runs).
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
    /// the first m − m mod 16 rows; returns how many rows it did (the caller finishes the rest).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Outer(int m, int n, float alpha, float* a, float* b, float beta, float* c, Vector512<float> mask)
    {
        int spans = m / SpanRows;
        var scaledB = Avx512F.MaskLoad(b, mask, default) * Vector512.Create(alpha);
        var betaV = Vector512.Create(beta);
        nint stride = SpanRows * n;
        fixed (int* rows = s_rows[n], columns = s_columns[n])
        {
            // One register of the span at a time, down all the spans: its row indices and its share of b stay in
            // registers (measured: 1.8x faster than going span by span through all n registers).
            for (int t = 0; t < n; t++)
            {
                var row = Vector512.Load(rows + SpanRows * t);
                // Lane l of register t is column (16t + l) % n: α·b laid out to match.
                var pattern = Avx512F.PermuteVar16x32(scaledB, Vector512.Load(columns + SpanRows * t));
                float* xs = a, ct = c + SpanRows * t;
                if (beta == 0f)
                    for (int s = 0; s < spans; s++, xs += SpanRows, ct += stride)
                        (Avx512F.PermuteVar16x32(Vector512.Load(xs), row) * pattern).Store(ct);
                else if (beta == 1f)
                    for (int s = 0; s < spans; s++, xs += SpanRows, ct += stride)
                        Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(Vector512.Load(xs), row), pattern, Vector512.Load(ct)).Store(ct);
                else
                    for (int s = 0; s < spans; s++, xs += SpanRows, ct += stride)
                        Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(Vector512.Load(xs), row), pattern, betaV * Vector512.Load(ct)).Store(ct);
            }
        }
        return spans * SpanRows;
    }
}

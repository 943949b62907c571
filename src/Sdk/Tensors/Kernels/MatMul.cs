using static Edu.Sdk.torch;

namespace Edu.Sdk.Tensors;

/// <summary>Maps 2-d tensors (possibly transposed views) onto one GEMM call.</summary>
internal static class MatMul
{
    /// <summary>r = a·b for 2-d a (m×k), b (k×n) and a contiguous r (m×n).</summary>
    public static void Run2d(string op, Tensor a, Tensor b, Tensor r, bool accumulate = false)
    {
        int m = a._dims[0], k = a._dims[1], n = b._dims[1];
        // A transposed view's storage is the row-major k×m matrix: hand it to GEMM with the transpose flag.
        int lda = a._transposed ? m : k, ldb = b._transposed ? k : n;
        if (r._transposed) throw new ArgumentException($"{op}: cannot write the result into a transposed view.");
        if (a.dtype == ScalarType.Float32)
            Gemm.Sgemm(a._transposed, b._transposed, m, n, k, 1f,
                new ReadOnlySpan<float>((float[])a._storage, a._offset, a._numel), lda,
                new ReadOnlySpan<float>((float[])b._storage, b._offset, b._numel), ldb,
                accumulate ? 1f : 0f, r.Span<float>(), n);
        else
            Gemm.Dgemm(a._transposed, b._transposed, m, n, k, 1.0,
                new ReadOnlySpan<double>((double[])a._storage, a._offset, a._numel), lda,
                new ReadOnlySpan<double>((double[])b._storage, b._offset, b._numel), ldb,
                accumulate ? 1.0 : 0.0, r.Span<double>(), n);
    }
}

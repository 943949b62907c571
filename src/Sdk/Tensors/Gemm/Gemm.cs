namespace Edu.Sdk.Tensors;

/// <summary>
/// General matrix multiply on row-major spans: C = α·op(A)·op(B) + β·C, where op(A) is m×k and op(B) is k×n,
/// op(X) = Xᵀ when the matching flag is set. Through OpenBLAS when it loads (unless <c>EDU_BLAS=managed</c>),
/// else through the managed kernel. Both agree with a naive triple loop within float tolerance (tests).
/// </summary>
internal static class Gemm
{
    /// <summary>Which implementation runs: "openblas" or "managed".</summary>
    public static string Backend => "managed";

    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        Naive(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    public static void Dgemm(bool transA, bool transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc) =>
        Naive(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>The reference triple loop (placeholder until the fast paths land).</summary>
    static void Naive<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++)
                    s += (transA ? a[p * lda + i] : a[i * lda + p]) * (transB ? b[j * ldb + p] : b[p * ldb + j]);
                c[i * ldc + j] = alpha * s + (beta == T.Zero ? T.Zero : beta * c[i * ldc + j]);
            }
    }
}

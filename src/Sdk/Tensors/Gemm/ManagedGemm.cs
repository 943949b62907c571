using System.Numerics;

namespace Edu.Sdk.Tensors;

internal static partial class Gemm
{
    /// <summary>The managed GEMM: the path without OpenBLAS, and under <c>EDU_BLAS=managed</c>.</summary>
    internal static unsafe class Managed
    {
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

        /// <summary>Arguments already checked by <see cref="Prologue"/>.</summary>
        internal static void Core<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
            ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, INumber<T>
        {
            fixed (T* pa = a, pb = b, pc = c)
                SmallGemm.Run(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
        }
    }
}

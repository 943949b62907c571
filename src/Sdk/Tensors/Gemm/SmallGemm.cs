using System.Numerics;
using System.Runtime.CompilerServices;

namespace Edu.Sdk.Tensors;

/// <summary>
/// The dot-product triple loop for products too small to amortise packing or a native call (m·n·k ≤
/// <see cref="Gemm.SmallWork"/>): a few hundred multiply-adds finish before a packed kernel has set up.
/// The GEMM loops skip tier-0 JIT (AggressiveOptimization): a student's short script would otherwise spend its
/// first hundred calls in unoptimised generic code, tens of times slower.
/// </summary>
internal static unsafe class SmallGemm
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda,
        T* b, int ldb, T beta, T* c, int ldc) where T : unmanaged, INumber<T>
    {
        // op(A)[i,p] = a[i·ai + p·ap] and op(B)[p,j] = b[p·bp + j·bj]: a transpose just swaps the two strides.
        nint ai = transA ? 1 : lda, ap = transA ? lda : 1;
        nint bp = transB ? 1 : ldb, bj = transB ? ldb : 1;
        for (int i = 0; i < m; i++)
        {
            T* arow = a + i * ai;
            T* crow = c + (nint)i * ldc;
            for (int j = 0; j < n; j++)
            {
                T* bcol = b + j * bj;
                T s = T.Zero;
                for (int p = 0; p < k; p++)
                    s += arow[p * ap] * bcol[p * bp];
                crow[j] = beta == T.Zero ? alpha * s : alpha * s + beta * crow[j];
            }
        }
    }
}

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics.X86;

namespace Edu.Sdk.Tensors;

/// <summary>
/// General matrix multiply on row-major spans: C = α·op(A)·op(B) + β·C, where op(A) is m×k and op(B) is k×n,
/// op(X) = Xᵀ when the matching flag is set; lda/ldb/ldc are the row strides of the matrices as stored (so a
/// transposed A is stored k×m with lda ≥ m). Through OpenBLAS when it loads (unless <c>EDU_BLAS=managed</c>),
/// else through the managed SIMD kernel (<see cref="Managed"/>); generated layers' products have their own choice
/// (<see cref="SgemmForLayer"/>). Both agree with a naive triple loop within float
/// tolerance (tests). β = 0 never reads C, so garbage (NaN) there is overwritten, as BLAS specifies.
/// </summary>
internal static partial class Gemm
{
    /// <summary>
    /// Below this many multiply-adds (m·n·k) the managed path uses <see cref="SmallGemm"/> instead of packing.
    /// Measured with the bench's <c>--small</c> mode: the plain loop wins only up to about 8×8×8; OpenBLAS beats it
    /// at every size tried (4³: 0.7 vs 0.5 GFLOP/s, 8³: 8 vs 0.7), so the OpenBLAS path has no small-size detour.
    /// </summary>
    internal const long SmallWork = 512;

    static readonly string? s_asked = Environment.GetEnvironmentVariable("EDU_BLAS");

    static readonly bool s_useBlas = OpenBlas.IsAvailable && !Asked("managed");

    /// <summary>
    /// Whether generated layers' float products run on the managed kernel: on AVX-512 machines, unless
    /// <c>EDU_BLAS=openblas</c> asks for OpenBLAS everywhere (see <see cref="SgemmForLayer"/>).
    /// </summary>
    static readonly bool s_layersManaged = !s_useBlas || (Avx512F.IsSupported && !Asked("openblas"));

    static bool Asked(string backend) => string.Equals(s_asked, backend, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Which implementation runs products in general: "openblas" or "managed". Small float products with at most 16
    /// result columns (a classifier's forward and weight gradient, see <see cref="SkinnyGemm.Applies"/>) take <see cref="SkinnyGemm"/> on
    /// AVX-512 machines either way.
    /// </summary>
    public static string Backend => s_useBlas ? "openblas" : "managed";

    /// <summary>
    /// Which implementation runs a generated layer's float products (<see cref="SgemmForLayer"/>) when no OpenBLAS
    /// product ran in the last 0.15 s.
    /// </summary>
    public static string LayerBackend => s_layersManaged ? "managed" : "openblas";

    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        SgemmOn(s_useBlas, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>The checks, the skinny kernel where it applies, then OpenBLAS or the managed kernel as asked.</summary>
    static unsafe void SgemmOn(bool onBlas, bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        if (Prologue(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
        if (SkinnyGemm.Applies(transA, transB, m, n, k))
        {
            fixed (float* pa = a, pb = b, pc = c) SkinnyGemm.Run(transA, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            return;
        }
        if (onBlas) OpenBlas.SgemmCore(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else Managed.Core(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// <see cref="Sgemm"/> for the products of a generated layer's forward and backward. On AVX-512 machines they run
    /// on the managed kernel even where OpenBLAS loads, so that a training step of a generated model uses only the
    /// SDK's own threads. OpenBLAS's worker thread spins on the second core for a long while after each product, so
    /// in a step that mixes the two, whichever comes second waits for that core. On its own, the step can split the
    /// optimizer's update over the cores while <see cref="CoreSplit"/>'s helper is still awake after the last weight
    /// gradient (<see cref="CoreSplit.HelpersAwake"/>). The managed kernel is also 1.5-1.7x OpenBLAS on a layer's
    /// weight-gradient shapes (Aᵀ·B with the batch as depth) and 0.8-0.9x on its forward ones (bench <c>--ratio</c>).
    /// A 784-300-10 MLP step with Adam went from about 800 to 630-700 µs (bench <c>--steps</c>).
    /// While OpenBLAS's worker may still be spinning from a recent product (a step that mixes a generated layer with
    /// the tape's <c>nn.Linear</c>, or a convolution, which runs on the facade), the layer's products stay on
    /// OpenBLAS too: the managed kernel's helper would wait for the core the worker holds.
    /// </summary>
    public static void SgemmForLayer(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc) =>
        SgemmOn(s_useBlas && !LayerOnManaged, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>Whether a generated layer's products other than the skinny ones go to the managed kernel now.</summary>
    static bool LayerOnManaged => s_layersManaged && !(s_useBlas && OpenBlas.WorkerMayBeSpinning);

    /// <summary>Where <see cref="SgemmForLayer"/> sends a product now: true for the managed kernel.</summary>
    internal static bool LayerProductOnManaged(bool transA, bool transB, int m, int n, int k) =>
        LayerOnManaged && !SkinnyGemm.Applies(transA, transB, m, n, k);

    public static unsafe void Dgemm(bool transA, bool transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
        ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
    {
        if (Prologue(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)) return;
        if (s_useBlas) OpenBlas.DgemmCore(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else Managed.Core(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>
    /// Checks the arguments (every path indexes through raw pointers afterwards, and OpenBLAS would only print to
    /// stderr) and finishes the degenerate products itself: m or n = 0 is nothing to do, and k = 0 or α = 0 leaves
    /// C = β·C, which no kernel needs to see (and which cblas would reject when lda = k = 0).
    /// Returns true when nothing is left to compute.
    /// </summary>
    internal static bool Prologue<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc) where T : unmanaged, INumber<T>
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentOutOfRangeException(nameof(m), $"gemm: sizes must be non-negative, got m={m}, n={n}, k={k}.");
        if (m == 0 || n == 0) return true;
        CheckMatrix("C", m, n, c.Length, ldc);
        if (k == 0 || alpha == T.Zero)
        {
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice(i * ldc, n);
                if (beta == T.Zero) row.Clear();
                else if (beta != T.One) TensorPrimitives.Multiply(row, beta, row);
            }
            return true;
        }
        if (transA) CheckMatrix("A", k, m, a.Length, lda); else CheckMatrix("A", m, k, a.Length, lda);
        if (transB) CheckMatrix("B", n, k, b.Length, ldb); else CheckMatrix("B", k, n, b.Length, ldb);
        return false;
    }

    /// <summary>A stored rows×cols matrix with row stride ld needs ld ≥ cols and (rows−1)·ld + cols elements.</summary>
    static void CheckMatrix(string name, int rows, int cols, int length, int ld)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentOutOfRangeException(nameof(ld), $"gemm: the row stride of {name} ({ld}) is smaller than its {cols} columns.");
        if ((long)(rows - 1) * ld + cols > length)
            throw new ArgumentException($"gemm: {name} needs {(long)(rows - 1) * ld + cols} elements for {rows}×{cols} with stride {ld}, the span has {length}.");
    }
}

using System.Runtime.InteropServices;

namespace Edu.Sdk.Tensors;

internal static partial class Gemm
{
    /// <summary>
    /// cblas_sgemm / cblas_dgemm from the system's OpenBLAS (Debian's libopenblas0-pthread), reached through
    /// unmanaged function pointers: no marshalling stubs, no delegates, and spans are pinned with <c>fixed</c>, so a
    /// call costs a few nanoseconds on top of OpenBLAS's own work. The library is loaded once; when it is missing
    /// every member still works except the two calls, which throw (check <see cref="IsAvailable"/>).
    /// </summary>
    internal static unsafe class OpenBlas
    {
        // CBLAS enums (cblas.h): passed as C ints.
        const int RowMajor = 101, NoTrans = 111, Trans = 112;

        static readonly delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void> s_sgemm;
        static readonly delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void> s_dgemm;

        /// <summary>True when libopenblas.so.0 loaded and exports both GEMMs.</summary>
        public static bool IsAvailable { get; }

        /// <summary>The library file that loaded, or null.</summary>
        public static string? LibraryName { get; }

        static OpenBlas()
        {
            foreach (var name in (ReadOnlySpan<string>)["libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "libopenblas.dll"])
            {
                if (!NativeLibrary.TryLoad(name, out var lib)) continue;
                if (!NativeLibrary.TryGetExport(lib, "cblas_sgemm", out var s) || !NativeLibrary.TryGetExport(lib, "cblas_dgemm", out var d))
                {
                    NativeLibrary.Free(lib);
                    continue;
                }
                s_sgemm = (delegate* unmanaged<int, int, int, int, int, int, float, float*, int, float*, int, float, float*, int, void>)s;
                s_dgemm = (delegate* unmanaged<int, int, int, int, int, int, double, double*, int, double*, int, double, double*, int, void>)d;
                // OpenBLAS's pthread build sizes its pool from the CPU count already; saying it once keeps a host
                // that set OPENBLAS_NUM_THREADS=1 for another library from silently halving our throughput.
                if (NativeLibrary.TryGetExport(lib, "openblas_set_num_threads", out var setThreads))
                    ((delegate* unmanaged<int, void>)setThreads)(Environment.ProcessorCount);
                LibraryName = name;
                IsAvailable = true;
                return;
            }
        }

        /// <summary>cblas_sgemm, row-major, with the same checks and degenerate cases as <see cref="Gemm.Sgemm"/>.</summary>
        public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
            ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        {
            RequireAvailable();
            if (!Prologue(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
                SgemmCore(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }

        /// <summary>cblas_dgemm, row-major, with the same checks and degenerate cases as <see cref="Gemm.Dgemm"/>.</summary>
        public static void Dgemm(bool transA, bool transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
            ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
        {
            RequireAvailable();
            if (!Prologue(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc))
                DgemmCore(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        }

        static void RequireAvailable()
        {
            if (!IsAvailable) throw new InvalidOperationException("OpenBLAS (libopenblas.so.0) is not loadable on this machine.");
        }

        /// <summary>
        /// How long OpenBLAS's worker threads keep spinning after a product before they sleep: 2^28 cycles by default
        /// (OPENBLAS_THREAD_TIMEOUT), about 0.1 s on a 2-3 GHz core; a margin on top.
        /// </summary>
        internal const int WorkerSpinMilliseconds = 150;

        static readonly long s_workerSpinTicks = System.Diagnostics.Stopwatch.Frequency * WorkerSpinMilliseconds / 1000;
        static long s_lastCallEnd = long.MinValue / 2;

        /// <summary>
        /// True when an OpenBLAS product ended less than <see cref="WorkerSpinMilliseconds"/> ago, so its worker may
        /// still be spinning on the other core (<see cref="Gemm.SgemmForLayer"/> then stays with OpenBLAS).
        /// </summary>
        internal static bool WorkerMayBeSpinning =>
            System.Diagnostics.Stopwatch.GetTimestamp() - Volatile.Read(ref s_lastCallEnd) < s_workerSpinTicks;

        static void CallEnded() => Volatile.Write(ref s_lastCallEnd, System.Diagnostics.Stopwatch.GetTimestamp());

        /// <summary>The call itself; the arguments were checked by <see cref="Prologue"/>.</summary>
        internal static void SgemmCore(bool transA, bool transB, int m, int n, int k, float alpha, ReadOnlySpan<float> a, int lda,
            ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        {
            fixed (float* pa = a, pb = b, pc = c)
                s_sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            CallEnded();
        }

        /// <summary>The call itself; the arguments were checked by <see cref="Prologue"/>.</summary>
        internal static void DgemmCore(bool transA, bool transB, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda,
            ReadOnlySpan<double> b, int ldb, double beta, Span<double> c, int ldc)
        {
            fixed (double* pa = a, pb = b, pc = c)
                s_dgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            CallEnded();
        }
    }
}

using System.Diagnostics;
using Edu.Sdk.Tensors;

namespace Edu.Sdk.Bench;

/// <summary>
/// <c>--skinny</c>: the classifier products of the course (a batch times a k×10 weight, and the weight gradient
/// xᵀ·dL/dz) through cblas_sgemm and through <see cref="SkinnyGemm"/>, on the same buffers, as µs per call
/// of this thread's CPU time (the fastest of nine interleaved runs after half a second of warm-up per path, so both
/// reach their final JIT tier; CPU time and the fastest run, because the machine is shared and a run can only be
/// slowed by a neighbour, never sped up).
/// This is how <see cref="SkinnyGemm.MaxWork"/> was chosen.
/// </summary>
internal static unsafe partial class SkinnyRatio
{
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    struct TimeSpec { public long Seconds, Nanoseconds; }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID).</summary>
    static double ThreadCpuSeconds()
    {
        ClockGetTime(3, out var t);
        return t.Seconds + t.Nanoseconds * 1e-9;
    }

    public static void Run()
    {
        Console.WriteLine($"{"product",-24} {"openblas µs",12} {"skinny µs",10} {"blas/skinny",12}");
        (string Name, bool TransA, int M, int K)[] shapes =
        [
            ("x·W   1×784·784×10", false, 1, 784), ("x·W  20×784·784×10", false, 20, 784),
            ("x·W  32×784·784×10", false, 32, 784), ("x·W  64×784·784×10", false, 64, 784), ("h·W  64×300·300×10", false, 64, 300),
            ("xᵀ·g 784×1·1×10", true, 784, 1), ("xᵀ·g 784×20·20×10", true, 784, 20),
            ("xᵀ·g 784×32·32×10", true, 784, 32), ("xᵀ·g 784×64·64×10", true, 784, 64), ("hᵀ·g 300×64·64×10", true, 300, 64),
        ];
        const int n = 10;
        var rng = new Random(1);
        foreach (var (name, transA, m, k) in shapes)
        {
            float[] a = Enumerable.Range(0, m * k).Select(_ => (float)rng.NextDouble()).ToArray();
            float[] b = Enumerable.Range(0, k * n).Select(_ => (float)rng.NextDouble()).ToArray();
            float[] c = new float[m * n];
            int lda = transA ? m : k;
            Action blas = () => Gemm.OpenBlas.Sgemm(transA, false, m, n, k, 1f, a, lda, b, n, 0f, c, n);
            Action skinny = () => SkinnyGemm.Sgemm(transA, m, n, k, 1f, a, lda, b, n, 0f, c, n);
            Action[] paths = Gemm.OpenBlas.IsAvailable ? [blas, skinny] : [skinny, skinny];
            var sw = Stopwatch.StartNew();
            foreach (var p in paths)
                for (sw.Restart(); sw.Elapsed.TotalSeconds < 0.5;) p();
            const int iters = 2000;
            var med = new[] { double.MaxValue, double.MaxValue };
            for (int run = 0; run < 9; run++)
                for (int p = 0; p < 2; p++)
                {
                    double start = ThreadCpuSeconds();
                    for (int i = 0; i < iters; i++) paths[p]();
                    med[p] = Math.Min(med[p], (ThreadCpuSeconds() - start) * 1e6 / iters);
                }
            Console.WriteLine($"{name,-24} {med[0],12:F2} {med[1],10:F2} {med[0] / med[1],12:F2}");
        }
    }
}

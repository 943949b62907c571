using System.Diagnostics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Running;
using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Bench;

/// <summary>
/// BenchmarkDotNet switcher, plus quick modes that need no BenchmarkDotNet run: <c>--epochs</c> times training
/// epochs side by side with shared/peers/ (see Epochs/EpochRunner.cs);
/// <c>--ratio [mxkxn ...]</c> (a leading t: A transposed, as in a weight gradient) prints GFLOP/s of torch.matmul, direct cblas_sgemm and the managed kernel on the
/// same buffers (medians of interleaved runs, so a noisy neighbour hurts all three alike), and <c>--small</c>
/// compares tiny products, which is how <see cref="Gemm.SmallWork"/> was chosen; <c>--skinny</c> times the classifier
/// products through OpenBLAS and <see cref="SkinnyGemm"/> (SkinnyRatio.cs); <c>--profile BATCH [step]</c> splits the
/// steps of a generated softmax-regression epoch into their parts (Epochs/StepProfile.cs); <c>--loss</c> times the
/// generated cross-entropy on the A2 batch (LossRatio.cs); <c>--split</c> times handing parts to the SDK's helper thread
/// (SplitCost.cs).
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--ratio") Ratio(args.Length > 1 ? args[1..] : ["1024x1024x1024", "64x784x300"], 1.0);
        else if (args.Length > 0 && args[0] == "--steps") Epochs.StepRatio.Run();
        else if (args.Length > 0 && args[0] == "--profile") Epochs.StepProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20, args.Length > 2 && args[2] == "step");
        else if (args.Length > 0 && args[0] == "--epochs") Epochs.EpochRunner.Run(args[1..]);
        else if (args.Length > 0 && args[0] == "--skinny") SkinnyRatio.Run();
        else if (args.Length > 0 && args[0] == "--loss") LossRatio.Run();
        else if (args.Length > 0 && args[0] == "--split") SplitCost.Run();
        else if (args.Length > 0 && args[0] == "--small") Ratio(["4x4x4", "8x8x8", "12x12x12", "16x16x16", "24x24x24", "32x32x32", "64x64x64"], 0.05);
        else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    static void Ratio(string[] shapes, double secondsPerRun)
    {
        Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, Avx512F={Avx512F.IsSupported}, " +
            $"OpenBLAS={(Gemm.OpenBlas.IsAvailable ? Gemm.OpenBlas.LibraryName : "absent")}, facade backend={Gemm.Backend}, managed kernel={Gemm.Managed.Kernel}");
        Console.WriteLine($"{"m×k×n",-16} {"openblas",10} {"torch.matmul",13} {"managed",10} {"managed/blas",13} {"torch/blas",11}   GFLOP/s, float32, median of 9 runs");
        foreach (var shape in shapes)
        {
            // "t784x64x300": A transposed (stored k×m), as a weight gradient xᵀ·g reads it.
            bool ta = shape.StartsWith('t');
            var d = shape.TrimStart('t').Split('x').Select(int.Parse).ToArray();
            int m = d[0], k = d[1], n = d[2], lda = ta ? m : k;
            manual_seed(1);
            Tensor a = ta ? randn(k, m) : randn(m, k), b = randn(k, n), r = zeros(m, n);
            var at = ta ? a.T : a;
            float[] af = (float[])a._storage, bf = (float[])b._storage, cf = (float[])r._storage;
            var paths = new (string Name, Action Run)[]
            {
                ("openblas", () => { if (Gemm.OpenBlas.IsAvailable) Gemm.OpenBlas.Sgemm(ta, false, m, n, k, 1f, af, lda, bf, n, 0f, cf, n); }),
                ("torch", () => matmul(at, b, r)),
                ("managed", () => Gemm.Managed.Sgemm(ta, false, m, n, k, 1f, af, lda, bf, n, 0f, cf, n)),
            };
            double flops = 2.0 * m * n * k;
            // Calibrate the iterations per run so one run takes about secondsPerRun / 3 of the slowest path.
            // Warm up for half a second per path so every method has reached its final JIT tier.
            var sw = Stopwatch.StartNew();
            foreach (var p in paths)
                for (sw.Restart(); sw.Elapsed.TotalSeconds < 0.5;) p.Run();
            sw.Restart();
            paths[2].Run();
            int iters = (int)Math.Clamp(secondsPerRun / 3 / Math.Max(sw.Elapsed.TotalSeconds, 1e-9), 1, 1_000_000);
            var samples = paths.Select(_ => new List<double>()).ToArray();
            for (int run = 0; run < 9; run++)
                for (int p = 0; p < paths.Length; p++)
                {
                    sw.Restart();
                    for (int i = 0; i < iters; i++) paths[p].Run();
                    samples[p].Add(flops * iters / sw.Elapsed.TotalSeconds / 1e9);
                }
            double[] med = samples.Select(s => s.Order().ElementAt(s.Count / 2)).ToArray();
            string blas = Gemm.OpenBlas.IsAvailable ? $"{med[0],10:F1}" : $"{"-",10}";
            string ratio(double x) => Gemm.OpenBlas.IsAvailable ? $"{x / med[0]:F2}" : "-";
            Console.WriteLine($"{shape,-16} {blas} {med[1],13:F1} {med[2],10:F1} {ratio(med[2]),13} {ratio(med[1]),11}");
        }
    }
}

using System.Runtime.InteropServices;
using static Edu.Sdk.torch;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Bench.Epochs;

/// <summary>
/// <c>--profile BATCH</c>: where a step of the generated A2 softmax regression spends its time, part by part (batch
/// slicing, zero_grad, forward, loss forward and backward, layer backward, SGD step). Each part runs 20,000 times in
/// a row and is timed in thread CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID)), so a busy neighbour slows the
/// figures down less than wall time would; the best of seven rounds is printed.
/// </summary>
internal static class StepProfile
{
    [StructLayout(LayoutKind.Sequential)] struct Ts { public long S, Ns; }
    [DllImport("libc")] static extern int clock_gettime(int id, out Ts t);
    static long Now() { clock_gettime(3, out var t); return t.S * 1_000_000_000 + t.Ns; }

    /// <summary>Best of seven rounds of <paramref name="n"/> calls, in µs of this thread's CPU time per call.</summary>
    static double Time(Action a, int n)
    {
        // Warm up past tiered compilation: call counting starts ~100 ms after the last tier-0 compile, and 30 calls
        // later the method is recompiled optimised. Timing straight away would measure unoptimised code.
        for (int w = 0; w < 3; w++)
        {
            for (int i = 0; i < 200; i++) a();
            Thread.Sleep(150);
        }
        double best = double.MaxValue;
        for (int r = 0; r < 7; r++)
        {
            long t0 = Now();
            for (int i = 0; i < n; i++) a();
            best = Math.Min(best, (Now() - t0) / 1e3 / n);
        }
        return best;
    }

    public static void Run(int batch)
    {
        var data = EpochData.Load();
        manual_seed(0);
        var model = new BenchRegression(784, 10);
        var loss = new BenchLabelCrossEntropy();
        var opt = optim.SGD(model.parameters(), lr: 0.01);
        var t = data.TrainY;
        var x = data.TrainX.narrow(0, 0, batch);
        var y = t.narrow(0, 0, batch);
        var z = model.forward(x);
        loss.forward(z, y);
        var dz = loss.backward();
        model.backward_parameters(dz);
        opt.step();
        int n = 20000;
        var rows = new (string, double)[]
        {
            ("narrow x2", Time(() => { data.TrainX.narrow(0, 100, batch); t.narrow(0, 100, batch); }, n)),
            ("zero_grad", Time(() => opt.zero_grad(), n)),
            ("model.fwd", Time(() => model.forward(x), n)),
            ("loss.fwd", Time(() => loss.forward(z, y), n)),
            ("loss.bwd", Time(() => loss.backward(), n)),
            ("model.bwd", Time(() => model.backward_parameters(dz), n)),
            ("opt.step", Time(() => opt.step(), n)),
        };
        Console.WriteLine($"batch {batch}: per call, µs of thread CPU time (best of 7 x {n} calls)");
        foreach (var (name, us) in rows) Console.WriteLine($"  {name,-10} {us,8:F3}");
        double total = rows.Sum(r => r.Item2);
        long steps = (data.TrainX.size(0) + batch - 1) / batch;
        Console.WriteLine($"  total      {total,8:F3}  => {total * steps / 1e6:F3} s per epoch of {steps} steps (batch copies not included)");
    }
}

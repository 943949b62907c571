using System.Diagnostics;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Bench;

/// <summary>
/// <c>--loss</c>: the generated label cross-entropy (<see cref="BenchLabelCrossEntropy"/>) on the A2 batch, 20 rows of
/// 10 logits, forward alone and forward with backward, as µs per call of wall time: the fastest of seven runs of
/// 100,000 calls after 200,000 of warm-up. Run two builds alternately to compare them.
/// </summary>
internal static class LossRatio
{
    public static void Run()
    {
        manual_seed(0);
        var logits = randn(20, 10);
        var labels = randint(0, 10, [20]);
        var loss = new BenchLabelCrossEntropy();
        foreach (var (name, call) in new (string, Action)[]
        {
            ("forward", () => loss.forward(logits, labels)),
            ("forward + backward", () => { loss.forward(logits, labels); loss.backward(); }),
        })
        {
            for (int i = 0; i < 200_000; i++) call();
            double best = double.MaxValue;
            for (int run = 0; run < 7; run++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < 100_000; i++) call();
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / 100_000);
            }
            Console.WriteLine($"cross-entropy 20x10, {name}: {best:F3} µs");
        }
    }
}

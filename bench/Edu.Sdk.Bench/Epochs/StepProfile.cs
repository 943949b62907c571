using System.Diagnostics;
using Edu.Sdk.Data;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Bench.Epochs;

/// <summary>
/// <c>--profile BATCH</c>: where an epoch of the generated A2 softmax regression spends its time, inside the real
/// training loop (timing parts in isolation would keep every buffer in cache and hide the cost of fetching shuffled
/// rows from memory): the batch copy, zero_grad, the layer's forward, the loss forward and backward, the layer's
/// backward and the SGD step, in µs per step, for the last four of twelve epochs. <c>--profile BATCH step</c> takes
/// SGD with <c>step_in_backward</c> (the update then happens inside the layer's backward).
/// </summary>
internal static class StepProfile
{
    public static void Run(int batch, bool stepInBackward = false)
    {
        var data = EpochData.Load();
        manual_seed(0);
        var model = new BenchRegression(784, 10);
        var loss = new BenchLabelCrossEntropy();
        var opt = optim.SGD(model.parameters(), lr: 0.01, step_in_backward: stepInBackward);
        var batches = data.Train.Batches(batch, shuffle: true, seed: 1);
        var parts = new long[7];
        string[] names = ["batch copy", "zero_grad", "forward", "loss", "loss backward", "backward", "step"];
        for (int e = 0; e < 12; e++)
        {
            Array.Clear(parts);
            var epoch = Stopwatch.StartNew();
            using var it = batches.GetEnumerator();
            while (true)
            {
                long t0 = Stopwatch.GetTimestamp();
                if (!it.MoveNext()) break;
                var b = it.Current;
                long t1 = Stopwatch.GetTimestamp();
                opt.zero_grad();
                long t2 = Stopwatch.GetTimestamp();
                var z = model.forward(b.Features);
                long t3 = Stopwatch.GetTimestamp();
                loss.forward(z, b.Targets);
                long t4 = Stopwatch.GetTimestamp();
                var dz = loss.backward();
                long t5 = Stopwatch.GetTimestamp();
                model.backward_parameters(dz);
                long t6 = Stopwatch.GetTimestamp();
                opt.step();
                long t7 = Stopwatch.GetTimestamp();
                parts[0] += t1 - t0; parts[1] += t2 - t1; parts[2] += t3 - t2; parts[3] += t4 - t3;
                parts[4] += t5 - t4; parts[5] += t6 - t5; parts[6] += t7 - t6;
            }
            if (e < 8) continue;
            double perStep = 1e6 / Stopwatch.Frequency / batches.BatchesPerEpoch;
            Console.WriteLine($"batch {batch}, epoch {epoch.Elapsed.TotalSeconds:F3} s; µs per step: " +
                string.Join(", ", names.Select((n, i) => $"{n} {parts[i] * perStep:F2}")));
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using static Edu.Sdk.torch;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Bench.Epochs;

/// <summary>
/// Side-by-side epoch timings against shared/peers/ (PyTorch CPU on the same machine and protocol):
/// <c>dotnet run -c Release --project bench/Edu.Sdk.Bench -- --epochs [workload ...]</c>. Every epoch (reshuffle
/// plus every mini-batch step, the last partial batch included) is timed; the report gives the median, and the
/// validation accuracy after the last epoch, so speed is never bought with a wrong model.
/// </summary>
internal static class EpochRunner
{
    /// <summary>A workload: one run of <c>epochs</c> epochs from a fresh model; returns epoch seconds and final accuracy.</summary>
    internal delegate (double[] Seconds, double Accuracy) Workload(EpochData data, int epochs, int seed);

    static readonly Dictionary<string, (string Description, Workload Run)> s_workloads = new(StringComparer.Ordinal)
    {
        ["mlp-tape"] = ("A3 MLP 784-300-10, batch 64, Adam 1e-3, nn.Sequential + CrossEntropyLoss + backward()", TapeWorkloads.Mlp),
        ["logreg-tape"] = ("A2 softmax regression 784-10, batch 20, SGD 0.01, cross_entropy + backward()", TapeWorkloads.SoftmaxRegression),
    };

    /// <summary>Adds a workload (the generated-layer benchmarks register theirs).</summary>
    public static void Register(string name, string description, Workload run) => s_workloads[name] = (description, run);

    public static void Run(string[] names)
    {
        GeneratedWorkloads.Register();
        int epochs = 3, repeats = 1;
        var chosen = new List<string>();
        for (int i = 0; i < names.Length; i++)
        {
            if (names[i] == "--n") epochs = int.Parse(names[++i], CultureInfo.InvariantCulture);
            else if (names[i] == "--repeats") repeats = int.Parse(names[++i], CultureInfo.InvariantCulture);
            else chosen.Add(names[i]);
        }
        if (chosen.Count == 0) chosen.AddRange(s_workloads.Keys);
        var data = EpochData.Load();
        Console.WriteLine($"Data: {data.Source}; {epochs} epochs x {repeats} runs; Gemm: {Tensors.Gemm.Backend}; {Environment.ProcessorCount} cores; .NET {Environment.Version}");
        foreach (var name in chosen)
        {
            if (!s_workloads.TryGetValue(name, out var w))
            {
                Console.WriteLine($"unknown workload '{name}'; known: {string.Join(", ", s_workloads.Keys)}");
                continue;
            }
            // Untimed epochs first, for at least three seconds: tiered compilation recompiles the hot methods
            // optimised on a background thread, which keeps the second core busy for the first seconds of a run
            // (the regression's epochs took twice their steady CPU time until it settled).
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed.TotalSeconds < 3) w.Run(data, 1, repeats);
            // A blocking full collection now, so a background one (the data set is 200 MB of fresh arrays) does not
            // run on the second core during the timed epochs.
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var seconds = new List<double>();
            s_cpu.Clear();
            double acc = 0;
            for (int r = 0; r < repeats; r++)
            {
                var (s, a) = w.Run(data, epochs, r);
                seconds.AddRange(s);
                acc = a;
            }
            seconds.Sort();
            double median = seconds.Count == 0 ? double.NaN : seconds[seconds.Count / 2];
            var cpu = s_cpu.Order().ToList();
            double cpuMedian = cpu.Count == 0 ? double.NaN : cpu[cpu.Count / 2];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-19} median epoch {median,7:F3} s (CPU {cpuMedian:F3} s)   validation accuracy {acc:F4}   ({w.Description})"));
        }
    }

    /// <summary>Times one epoch: the reshuffle and every step.</summary>
    internal static double Time(Action epoch)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        epoch();
        double wall = sw.Elapsed.TotalSeconds;
        s_cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        return wall;
    }

    /// <summary>
    /// The process's CPU seconds of each timed epoch (every thread, the GEMM helpers included): on a busy machine
    /// this moves much less than wall time, so it shows which of two variants does less work while neighbours run.
    /// </summary>
    static readonly List<double> s_cpu = [];

    /// <summary>argmax accuracy of <paramref name="predict"/> on the validation split, without recording.</summary>
    internal static double Accuracy(Func<Tensor, Tensor> predict, EpochData data)
    {
        using var _ = no_grad();
        return predict(data.ValX).argmax(1).eq(data.ValY).sum().ToDouble() / data.ValY.numel();
    }
}

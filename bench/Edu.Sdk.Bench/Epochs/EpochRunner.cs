using System.Diagnostics;
using System.Globalization;

namespace Edu.Sdk.Bench.Epochs;

/// <summary>
/// Side-by-side epoch timings against shared/peers/ (PyTorch CPU on the same machine and protocol):
/// <c>dotnet run -c Release --project bench/Edu.Sdk.Bench -- --epochs [--n 4] [workload ...]</c>. The workloads'
/// epochs are interleaved: round e runs epoch e of every workload, in an order rotated each round, so a quiet or busy
/// minute on this shared machine falls on all of them alike (run one after another, the same code moved 10 % between
/// two workloads). The report gives each workload's median epoch, and its validation accuracy after the last epoch, so
/// speed is never bought with a wrong model.
/// </summary>
internal static class EpochRunner
{
    /// <summary>A workload: a fresh model, optimizer and loader, ready for its first epoch.</summary>
    internal delegate EpochRun Workload(EpochData data);

    static readonly Dictionary<string, (string Description, Workload Start)> s_workloads = new(StringComparer.Ordinal);

    /// <summary>Adds a workload.</summary>
    public static void Register(string name, string description, Workload start) => s_workloads[name] = (description, start);

    public static void Run(string[] args)
    {
        TapeWorkloads.Register();
        GeneratedWorkloads.Register();
        int epochs = 3;
        var chosen = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--n") epochs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (s_workloads.ContainsKey(args[i])) chosen.Add(args[i]);
            else Console.WriteLine($"unknown workload '{args[i]}'; known: {string.Join(", ", s_workloads.Keys)}");
        }
        if (chosen.Count == 0) chosen.AddRange(s_workloads.Keys);
        var data = EpochData.Load();
        Console.WriteLine($"Data: {data.Source}; {epochs} interleaved epochs; Gemm: {Tensors.Gemm.Backend}; {Environment.ProcessorCount} cores; .NET {Environment.Version}");

        // Untimed epochs of throw-away runs first, for at least three seconds: tiered compilation recompiles the hot
        // methods optimised on a background thread, which keeps the second core busy for the first seconds of a run
        // (the regression's epochs took twice their steady CPU time until it settled).
        var warm = chosen.Select(n => s_workloads[n].Start(data)).ToList();
        var clock = Stopwatch.StartNew();
        do warm.ForEach(r => r.Epoch());
        while (clock.Elapsed.TotalSeconds < 3);

        var runs = chosen.Select(n => s_workloads[n].Start(data)).ToList();
        // A blocking full collection now, so a background one (the data set is 200 MB of fresh arrays) does not run
        // on the second core during the timed epochs.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        for (int e = 0; e < epochs; e++)
            for (int k = 0; k < runs.Count; k++)
            {
                // OpenBLAS's threads spin for up to 2^28 cycles (about 0.1 s) after a GEMM before they sleep: a pause
                // keeps an MLP's spinning threads out of the next workload's epoch (a regression's CPU time read twice
                // its wall time right after an MLP).
                Thread.Sleep(PauseMs);
                runs[(k + e) % runs.Count].Epoch();
            }

        for (int k = 0; k < runs.Count; k++)
        {
            var (name, run) = (chosen[k], runs[k]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-19} median epoch {Median(run.Seconds),7:F3} s (CPU {Median(run.Cpu):F3} s)   validation accuracy {run.Accuracy():F4}   ({s_workloads[name].Description})"));
        }
    }

    const int PauseMs = 300;

    static double Median(List<double> xs) => xs.Count == 0 ? double.NaN : xs.Order().ElementAt(xs.Count / 2);
}

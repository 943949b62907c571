using System.Diagnostics;
using System.Globalization;
using Edu.Sdk.Tensors;

namespace Edu.Sdk.Bench;

/// <summary>
/// <c>--split</c>: what handing work to the SDK's helper thread costs (<see cref="CoreSplit"/>). Times empty 2-part
/// jobs back to back, so the helper is always looking for the next one, and jobs with a part of 2 µs each, the size
/// of an optimizer's split update of a small layer. Median of nine runs of 100,000 jobs, in µs per job, and the share
/// of parts the helper took.
/// </summary>
internal static class SplitCost
{
    sealed class SpinJob : ISplitJob
    {
        public long PartTicks;

        public void Run(int part)
        {
            if (PartTicks == 0) return;
            long until = Stopwatch.GetTimestamp() + PartTicks;
            while (Stopwatch.GetTimestamp() < until) { }
        }
    }

    public static void Run()
    {
        Console.WriteLine($"{Environment.ProcessorCount} cores; CoreSplit width {CoreSplit.Width}; µs per 2-part job, median of 9 runs of 100,000");
        Time("empty parts", 0);
        Time("2 µs parts", Stopwatch.Frequency * 2 / 1_000_000);
    }

    static void Time(string label, long partTicks)
    {
        const int Jobs = 100_000;
        var job = new SpinJob { PartTicks = partTicks };
        for (int i = 0; i < Jobs; i++) CoreSplit.Run(job, 2);   // warm-up: helper started, code tiered up
        var perJob = new List<double>();
        long helperBefore = CoreSplit.PartsOnHelpers;
        for (int run = 0; run < 9; run++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Jobs; i++) CoreSplit.Run(job, 2);
            perJob.Add((Stopwatch.GetTimestamp() - start) * 1e6 / Stopwatch.Frequency / Jobs);
        }
        double helperShare = (CoreSplit.PartsOnHelpers - helperBefore) / (2.0 * 9 * Jobs);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-12} {perJob.Order().ElementAt(4),7:F3} µs per job (runs {perJob.Min():F3}-{perJob.Max():F3}), helper took {helperShare:P0} of the parts"));
    }
}

using System.Diagnostics;
using Edu.Sdk.Data;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Bench.Epochs;

/// <summary>
/// One workload's model, optimizer and batch loader, trained one timed epoch at a time, so the runner can interleave
/// the epochs of several workloads. An epoch is the reshuffle and every mini-batch step, the last partial batch
/// included.
/// </summary>
internal sealed class EpochRun(BatchLoader batches, Action<Tensor, Tensor> step, Func<double> accuracy)
{
    /// <summary>The wall seconds of each timed epoch so far.</summary>
    public List<double> Seconds { get; } = [];

    /// <summary>
    /// The process's CPU seconds of each timed epoch (every thread, the GEMM helpers included): on a busy machine
    /// this moves much less than wall time, so it shows which of two variants does less work while neighbours run.
    /// </summary>
    public List<double> Cpu { get; } = [];

    /// <summary>Trains one epoch and records its wall and CPU time.</summary>
    public void Epoch()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        foreach (var b in batches) step(b.Features, b.Targets);
        Seconds.Add(sw.Elapsed.TotalSeconds);
        Cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    /// <summary>argmax accuracy on the validation split after the epochs so far.</summary>
    public double Accuracy() => accuracy();

    /// <summary>
    /// A run through the SDK's <see cref="Dataset.Batches"/> as the samples and Trainer use it: a fresh shuffled order
    /// per epoch, every batch's rows copied into reused buffers, so an epoch moves the same bytes as the peers'
    /// <c>x[perm]</c> without writing (and page-faulting) a fresh 170 MB copy of the training set.
    /// </summary>
    public static EpochRun Of(EpochData data, int batch, Action<Tensor, Tensor> step, Func<Tensor, Tensor> predict) =>
        new(data.Train.Batches(batch, shuffle: true, seed: 1234), step, () => Validation(predict, data));

    static double Validation(Func<Tensor, Tensor> predict, EpochData data)
    {
        using var _ = torch.no_grad();
        return predict(data.ValX).argmax(1).eq(data.ValY).sum().ToDouble() / data.ValY.numel();
    }
}

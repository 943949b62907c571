using Edu.Sdk.Data;
using static Edu.Sdk.torch;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Bench.Epochs;

/// <summary>The tape versions of the peers' workloads, written as a student would with nn, losses and optimizers.</summary>
internal static class TapeWorkloads
{
    public static (double[] Seconds, double Accuracy) Mlp(EpochData data, int epochs, int seed) =>
        Mlp(data, epochs, seed, () => nn.Sequential(nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 10)));

    /// <summary>The A3 deep MLP 784-(300x3)-10.</summary>
    public static (double[] Seconds, double Accuracy) DeepMlp(EpochData data, int epochs, int seed) =>
        Mlp(data, epochs, seed, () => nn.Sequential(nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 300), nn.ReLU(),
            nn.Linear(300, 300), nn.ReLU(), nn.Linear(300, 10)));

    static (double[] Seconds, double Accuracy) Mlp(EpochData data, int epochs, int seed, Func<Nn.Sequential> make)
    {
        manual_seed(0);
        var model = make();
        var lossFn = nn.CrossEntropyLoss();
        var opt = optim.Adam(model.parameters(), lr: 1e-3);
        var seconds = Train(data, epochs, seed, 64, (x, y) =>
        {
            opt.zero_grad();
            var loss = lossFn.forward(model.forward(x), y);
            loss.backward();
            opt.step();
        });
        return (seconds, EpochRunner.Accuracy(model.forward, data));
    }

    public static (double[] Seconds, double Accuracy) SoftmaxRegression(EpochData data, int epochs, int seed) =>
        SoftmaxRegression(data, epochs, seed, 20);

    /// <summary>The A2 softmax regression at batch 1: all per-op overhead.</summary>
    public static (double[] Seconds, double Accuracy) SoftmaxRegressionBatch1(EpochData data, int epochs, int seed) =>
        SoftmaxRegression(data, epochs, seed, 1);

    static (double[] Seconds, double Accuracy) SoftmaxRegression(EpochData data, int epochs, int seed, int batch)
    {
        var w = nn.Parameter(zeros(784, 10));
        var b = nn.Parameter(zeros(10));
        var opt = optim.SGD([w, b], lr: 0.01);
        var seconds = Train(data, epochs, seed, batch, (x, y) =>
        {
            opt.zero_grad();
            var loss = nn.functional.cross_entropy(x.matmul(w) + b, y);
            loss.backward();
            opt.step();
        });
        return (seconds, EpochRunner.Accuracy(x => x.matmul(w) + b, data));
    }

    /// <summary>
    /// Epochs of mini-batch steps in a fresh shuffled order each epoch (the last partial batch included), each timed,
    /// through the SDK's <see cref="Dataset.Batches"/> as the samples and Trainer use it: every batch's rows are copied
    /// into two reused buffers, so an epoch moves the same bytes as the peers' <c>x[perm]</c> without writing (and
    /// page-faulting) a fresh 170 MB copy of the training set.
    /// </summary>
    internal static double[] Train(EpochData data, int epochs, int seed, int batch, Action<Tensor, Tensor> step)
    {
        var set = data.Train;
        var batches = set.Batches(batch, shuffle: true, seed: 1234 + seed);
        var seconds = new double[epochs];
        for (int e = 0; e < epochs; e++)
            seconds[e] = EpochRunner.Time(() =>
            {
                foreach (var b in batches) step(b.Features, b.Targets);
            });
        return seconds;
    }
}

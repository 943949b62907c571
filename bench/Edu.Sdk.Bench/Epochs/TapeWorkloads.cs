using static Edu.Sdk.torch;

namespace Edu.Sdk.Bench.Epochs;

/// <summary>The tape versions of the peers' workloads, written as a student would with nn, losses and optimizers.</summary>
internal static class TapeWorkloads
{
    /// <summary>Adds the tape workloads to the runner.</summary>
    public static void Register()
    {
        EpochRunner.Register("mlp-tape", "A3 MLP 784-300-10, batch 64, Adam 1e-3, nn.Sequential + CrossEntropyLoss + backward()",
            d => Mlp(d, () => nn.Sequential(nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 10))));
        EpochRunner.Register("mlp3-tape", "A3 MLP 784-(300x3)-10, batch 64, Adam 1e-3, nn.Sequential + CrossEntropyLoss + backward()",
            d => Mlp(d, () => nn.Sequential(nn.Linear(784, 300), nn.ReLU(), nn.Linear(300, 300), nn.ReLU(),
                nn.Linear(300, 300), nn.ReLU(), nn.Linear(300, 10))));
        EpochRunner.Register("logreg-tape", "A2 softmax regression 784-10, batch 20, SGD 0.01, cross_entropy + backward()",
            d => SoftmaxRegression(d, 20));
        EpochRunner.Register("logreg-tape-b1", "A2 softmax regression 784-10, batch 1, SGD 0.01, cross_entropy + backward()",
            d => SoftmaxRegression(d, 1));
    }

    static EpochRun Mlp(EpochData data, Func<Nn.Sequential> make)
    {
        manual_seed(0);
        var model = make();
        var lossFn = nn.CrossEntropyLoss();
        var opt = optim.Adam(model.parameters(), lr: 1e-3);
        return EpochRun.Of(data, 64, (x, y) =>
        {
            opt.zero_grad();
            var loss = lossFn.forward(model.forward(x), y);
            loss.backward();
            opt.step();
        }, model.forward);
    }

    static EpochRun SoftmaxRegression(EpochData data, int batch)
    {
        var w = nn.Parameter(zeros(784, 10));
        var b = nn.Parameter(zeros(10));
        var opt = optim.SGD([w, b], lr: 0.01);
        return EpochRun.Of(data, batch, (x, y) =>
        {
            opt.zero_grad();
            var loss = nn.functional.cross_entropy(x.matmul(w) + b, y);
            loss.backward();
            opt.step();
        }, x => x.matmul(w) + b);
    }
}

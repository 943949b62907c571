using static Edu.Sdk.torch;
using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Bench.Epochs;

/// <summary>
/// The peers' workloads with [Layer]-generated forward and backward (the layers of GeneratedLayerBenchmarks.cs) and
/// torch.optim, on the tape workloads' protocol exactly (<see cref="EpochRun.Of"/>: a shuffled order per epoch
/// through the SDK's batch loader, last partial batch included, validation accuracy after the last epoch).
/// The generated loss is <c>nn.functional.cross_entropy(logits, labels)</c> in a [Layer]: class labels, no one-hot.
/// </summary>
internal static class GeneratedWorkloads
{
    const int Classes = 10;

    /// <summary>Adds the generated workloads (MLPs, the regression at batch 20 and 1, with SGD stepped after or in the backward) to the runner.</summary>
    public static void Register()
    {
        EpochRunner.Register("mlp-generated", "A3 MLP 784-300-10, batch 64, Adam 1e-3, generated forward/backward + fused cross-entropy",
            d => Mlp(d, () => new BenchMlp(784, 300, Classes)));
        EpochRunner.Register("mlp3-generated", "A3 MLP 784-(300x3)-10, batch 64, Adam 1e-3, generated forward/backward + fused cross-entropy",
            d => Mlp(d, () => new BenchDeepMlp(784, 300, Classes)));
        EpochRunner.Register("logreg-generated", "A2 softmax regression 784-10, batch 20, SGD 0.01, generated", d => SoftmaxRegression(d, 20));
        EpochRunner.Register("logreg-generated-b1", "A2 softmax regression 784-10, batch 1, SGD 0.01, generated", d => SoftmaxRegression(d, 1));
        EpochRunner.Register("logreg-step", "A2 softmax regression 784-10, batch 20, SGD 0.01 stepped in the generated backward",
            d => SoftmaxRegression(d, 20, stepInBackward: true));
        EpochRunner.Register("logreg-step-b1", "A2 softmax regression 784-10, batch 1, SGD 0.01 stepped in the generated backward",
            d => SoftmaxRegression(d, 1, stepInBackward: true));
    }

    static EpochRun Mlp(EpochData data, Func<IBenchClassifier> make)
    {
        manual_seed(0);
        var model = make();
        var loss = new BenchLabelCrossEntropy();
        var opt = optim.Adam(model.parameters(), lr: 1e-3);
        return EpochRun.Of(data, 64, (x, t) =>
        {
            opt.zero_grad();
            loss.forward(model.forward(x), t);
            model.backward_parameters(loss.backward());
            opt.step();
        }, Predict(model.forward, model.eval));
    }

    static EpochRun SoftmaxRegression(EpochData data, int batch, bool stepInBackward = false)
    {
        manual_seed(0);
        var model = new BenchRegression(784, Classes);
        var loss = new BenchLabelCrossEntropy();
        var opt = optim.SGD(model.parameters(), lr: 0.01, step_in_backward: stepInBackward);
        return EpochRun.Of(data, batch, (x, t) =>
        {
            opt.zero_grad();
            loss.forward(model.forward(x), t);
            model.backward_parameters(loss.backward());
            opt.step();
        }, Predict(model.forward, model.eval));
    }

    /// <summary>The lean inference forward, for the accuracy after the timed epochs.</summary>
    static Func<Tensor, Tensor> Predict(Func<Tensor, Tensor> forward, Action eval) => x =>
    {
        eval();
        return forward(x);
    };
}

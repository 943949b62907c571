using Edu.Sdk.Data;
using Edu.Sdk.Nn;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Training;

/// <summary>
/// Fit defers the zeros of the gradients it does not hand out (so a batch of one keeps its factors), but zeroes a
/// gradient tensor user code holds before each backward, as IManualModel.backward promises (found by a review).
/// </summary>
public class FitZeroingTests
{
    /// <summary>
    /// A hand-written model that keeps its gradient tensors (set once as the parameters' grad) and, as
    /// IManualModel.backward says, "adds into [grad], after the loop zeroed it". Fit used to zero them for real.
    /// </summary>
    sealed class KeptGradientRegression : IManualModel
    {
        public readonly Parameter w = new(zeros(3, 1, float64), requires_grad: false);
        public readonly Parameter b = new(zeros(1, float64), requires_grad: false);
        readonly Tensor gw = zeros(3, 1, float64), gb = zeros(1, float64);

        public KeptGradientRegression() { w.grad = gw; b.grad = gb; }

        public IReadOnlyList<(string name, Parameter parameter)> named_parameters() => [("w", w), ("b", b)];
        public Tensor forward(Tensor x) => x.matmul(w) + b;
        public double loss(Tensor output, Tensor target) => (output - target).pow(2).mean().ToDouble();
        public void backward(Tensor x, Tensor output, Tensor target)
        {
            var g = (output - target) * (2.0 / target.numel());
            gw.add_(x.T.matmul(g));
            gb.add_(g.sum(0));
        }
    }

    [Fact]
    public void Fit_zeroes_a_gradient_the_manual_backward_adds_into()
    {
        manual_seed(1);
        var x = randn(40, 3, float64);
        var y = x.matmul(tensor(new double[] { 1, -2, 0.5 }).reshape(3, 1)) + 0.3;
        var data = new Dataset(x, y);
        var options = new FitOptions { Epochs = 2, BatchSize = 8, Shuffle = false, KeepBest = false, EvaluateTrain = false, Task = TaskKind.Regression };

        var fitted = new KeptGradientRegression();
        Trainer.Fit(fitted, optim.SGD([fitted.w, fitted.b], lr: 0.1), data, null, options);

        // The same steps by hand, zeroing for real before each backward.
        var looped = new KeptGradientRegression();
        var opt = optim.SGD([looped.w, looped.b], lr: 0.1);
        for (int epoch = 0; epoch < 2; epoch++)
            foreach (var (xb, yb) in data.Batches(8, shuffle: false))
            {
                var output = looped.forward(xb);
                looped.w.grad!.zero_();
                looped.b.grad!.zero_();
                looped.backward(xb, output, yb);
                opt.step();
            }

        Assert.Equal(looped.w.data<double>().ToArray(), fitted.w.data<double>().ToArray());
        Assert.Equal(looped.b.data<double>().ToArray(), fitted.b.data<double>().ToArray());
    }
}

using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>
/// A model whose gradients the student computes by hand (A2, A3, A6): a forward, a loss, and a backward that
/// writes each parameter's gradient into its <c>grad</c>. No tape, no generated code: what a manual-mode
/// assignment allows. Implement it on your model class, or build one from delegates with <see cref="ManualModel"/>.
/// </summary>
/// <example>
/// <code>
/// sealed class SoftmaxRegression(int inputs, int classes) : IManualModel
/// {
///     readonly Parameter theta = new(torch.zeros(inputs + 1, classes));
///     public IReadOnlyList&lt;(string name, Parameter parameter)&gt; named_parameters() =&gt; [("theta", theta)];
///     public Tensor forward(Tensor x) =&gt; BiasTrick(x).matmul(theta).softmax(1);
///     public double loss(Tensor p, Tensor y) =&gt; ...;            // mean negative log-likelihood
///     public void backward(Tensor x, Tensor p, Tensor y) =&gt;      // X~ᵀ(P − Y) / n
///         theta.grad = BiasTrick(x).T.matmul(p - OneHot(y)) / x.size(0);
/// }
/// var history = Trainer.Fit(new SoftmaxRegression(784, 10), mySgd.Step, train, validation, options);
/// </code>
/// </example>
public interface IManualModel
{
    /// <summary>The parameters with their names.</summary>
    IReadOnlyList<(string name, Parameter parameter)> named_parameters();

    /// <summary>The output for a batch (scores, probabilities or predictions): what the loss and the accuracy read.</summary>
    Tensor forward(Tensor x);

    /// <summary>The batch's mean loss, from <paramref name="output"/> = forward(x) and the targets.</summary>
    double loss(Tensor output, Tensor target);

    /// <summary>Sets (or adds into, after the loop zeroed it) each parameter's <c>grad</c>: the gradient of the batch's mean loss.</summary>
    void backward(Tensor x, Tensor output, Tensor target);
}

using Edu.Sdk;
using Edu.Sdk.Nn;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace SoftmaxRegression;

/// <summary>
/// Softmax regression with the bias trick: x̃ = [x, 1] (785 values for a 28×28 image), scores z = x̃·θ with θ of
/// shape (785, K), probabilities P = softmax(z). The last row of θ is the bias.
/// Everything is written with plain tensor operations: no tape, no nn module, no generated backward.
/// </summary>
public sealed class SoftmaxRegressionModel : IManualModel
{
    /// <summary>θ, (d + 1) × K, zero at the start (the loss is convex: any start reaches the same optimum).</summary>
    public Parameter Theta { get; }

    /// <summary>A model for inputs already carrying the bias column (<paramref name="inputsWithBias"/> = d + 1).</summary>
    public SoftmaxRegressionModel(long inputsWithBias, long classes, ScalarType dtype = ScalarType.Float32)
    {
        // requires_grad: false — nothing records a tape; our backward writes Theta.grad itself.
        Theta = new Parameter(zeros(inputsWithBias, classes, dtype), requires_grad: false);
    }

    /// <inheritdoc/>
    public IReadOnlyList<(string name, Parameter parameter)> named_parameters() => [("theta", Theta)];

    /// <summary>P = softmax(X̃·θ), one row of K probabilities per example.</summary>
    public Tensor forward(Tensor xTilde) => StableSoftmax.Softmax(xTilde.matmul(Theta));

    /// <summary>Mean negative log-likelihood: −(1/n) Σᵢ Σₖ Yᵢₖ log Pᵢₖ (only the true class's term survives).</summary>
    public double loss(Tensor probabilities, Tensor oneHot) => Nll(probabilities, oneHot).ToDouble();

    /// <summary>The same loss as a tensor (0-d), for the gradient check.</summary>
    public static Tensor Nll(Tensor probabilities, Tensor oneHot) =>
        // clamp: a probability that underflowed to 0 would give log 0 = −∞; 1e-30 caps one example's loss near 69.
        -(oneHot * probabilities.clamp_min(1e-30).log()).sum(1).mean();

    /// <summary>The gradient given by the assignment: ∂L/∂θ = X̃ᵀ(P − Y) / n.</summary>
    public static Tensor Gradient(Tensor xTilde, Tensor probabilities, Tensor oneHot) =>
        xTilde.T.matmul(probabilities - oneHot) / xTilde.size(0);

    /// <inheritdoc/>
    public void backward(Tensor xTilde, Tensor probabilities, Tensor oneHot) =>
        Theta.grad = Gradient(xTilde, probabilities, oneHot);
}

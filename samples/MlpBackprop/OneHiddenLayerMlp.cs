using Edu.Sdk;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace MlpBackprop;

/// <summary>
/// The depth-1 MLP as a manual-mode [Layer]: the generator writes <c>forward</c> (fused GEMM + bias + ReLU),
/// <c>parameters()</c>, <c>zero_grad()</c> and the <c>saved</c> record (saved.x, saved.h1, saved.y); the backward is
/// ours, below, and <c>GradCheck</c> tells whether it is right.
/// </summary>
[Layer]
public partial class OneHiddenLayerMlp
{
    readonly Parameter w1, b1, w2, b2;

    /// <summary>Copies the weights of a depth-1 <see cref="ManualMlp"/>, so that both compute the same function.</summary>
    public OneHiddenLayerMlp(ManualMlp source)
    {
        if (source.Depth != 1) throw new ArgumentException($"OneHiddenLayerMlp: the source MLP has {source.Depth} hidden layers, expected 1.", nameof(source));
        w1 = new Parameter(source.Weights[0].clone(), requires_grad: false);
        b1 = new Parameter(source.Biases[0].clone(), requires_grad: false);
        w2 = new Parameter(source.Weights[1].clone(), requires_grad: false);
        b2 = new Parameter(source.Biases[1].clone(), requires_grad: false);
    }

    [Differentiable]
    Tensor Model(Tensor x)
    {
        var h1 = relu(x.matmul(w1) + b1);
        return h1.matmul(w2) + b2;
    }

    /// <summary>Backward of <c>Model</c>, written by hand: takes dL/dy, puts dL/dw1, dL/db1, dL/dw2, dL/db2 into the parameters' <c>grad</c>, returns dL/dx.</summary>
    public Tensor backward(Tensor dL_dy)
    {
        // y = h1·w2 + b2
        w2.grad = saved.h1.T.matmul(dL_dy);                       // dL/dw2 = h1ᵀ·dL/dy
        b2.grad = dL_dy.sum(0);                                   // dL/db2 = Σᵢ dL/dyᵢ
        // h1 = relu(a1), a1 = x·w1 + b1
        var dL_da1 = dL_dy.matmul(w2.T) * saved.h1.gt(0).to(dL_dy.dtype);   // dL/da1 = (dL/dy·w2ᵀ) ⊙ 1[h1 > 0]
        w1.grad = saved.x.T.matmul(dL_da1);                       // dL/dw1 = xᵀ·dL/da1
        b1.grad = dL_da1.sum(0);                                  // dL/db1 = Σᵢ dL/da1ᵢ
        return dL_da1.matmul(w1.T);                               // dL/dx = dL/da1·w1ᵀ
    }
}

/// <summary>The manual-mode layer with the cross-entropy written by hand: what the fit loop trains.</summary>
public sealed class OneHiddenLayerModel(OneHiddenLayerMlp layer) : Edu.Sdk.Training.IManualModel
{
    /// <summary>The layer.</summary>
    public OneHiddenLayerMlp Layer => layer;

    /// <inheritdoc/>
    public IReadOnlyList<(string name, Parameter parameter)> named_parameters() => layer.named_parameters();

    /// <inheritdoc/>
    public Tensor forward(Tensor x) => layer.forward(x);

    /// <inheritdoc/>
    public double loss(Tensor scores, Tensor labels) => ManualMlp.CrossEntropy(scores, labels).ToDouble();

    /// <inheritdoc/>
    public void backward(Tensor x, Tensor scores, Tensor labels) => layer.backward(ManualMlp.ScoresGradient(scores, labels));
}

using Edu.Sdk;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Tour;

/// <summary>A two-layer perceptron: the generator writes its forward, backward and parameters().</summary>
[Layer]
public partial class Mlp
{
    readonly Parameter w1, b1, w2, b2;

    public Mlp(int inputs, int hidden, int classes)
    {
        w1 = nn.Parameter(randn(inputs, hidden) * Math.Sqrt(2.0 / inputs));
        b1 = nn.Parameter(zeros(hidden));
        w2 = nn.Parameter(randn(hidden, classes) * Math.Sqrt(1.0 / hidden));
        b2 = nn.Parameter(zeros(classes));
    }

    [Differentiable]
    Tensor Model(Tensor x)
    {
        var h1 = relu(x.matmul(w1) + b1);
        return h1.matmul(w2) + b2;
    }
}

/// <summary>Mean softmax cross-entropy against one-hot targets, fused into one kernel by the generator.</summary>
[Layer]
public partial class CrossEntropy
{
    [Differentiable]
    static Tensor Loss(Tensor logits, [NonDifferentiable] Tensor target) => -(target * log_softmax(logits, 1)).sum(1).mean();
}

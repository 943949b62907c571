using Edu.Sdk.Layers;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Training;

/// <summary>
/// Layers written the way the generator writes them (forward keeps what backward needs; backward adds into grad and
/// returns dL/dx), implementing <see cref="IGeneratedLayer"/>: this test project does not run the source generator.
/// </summary>
internal sealed class AffineLayer : IGeneratedLayer
{
    public readonly Parameter w, b;
    Tensor? _x;

    public AffineLayer(int inputs, int outputs, Generator generator)
    {
        w = new Parameter(randn([inputs, outputs], generator: generator) * Math.Sqrt(1.0 / inputs));
        b = new Parameter(zeros(outputs));
    }

    public IReadOnlyList<string> InputNames => ["x"];
    public IReadOnlyList<bool> InputsDifferentiable => [true];
    public bool training { get; private set; } = true;
    public void train(bool mode = true) => training = mode;
    public void eval() => training = false;
    public IReadOnlyList<Parameter> parameters() => [w, b];
    public IReadOnlyList<(string name, Parameter parameter)> named_parameters() => [("w", w), ("b", b)];
    public void zero_grad() { foreach (var p in parameters()) p.grad?.zero_(); }
    public string DescribeBackward() => "dW = xᵀ·dy; db = Σ dy; dx = dy·Wᵀ";
    public int ForwardCount { get; private set; }

    public Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        using var _ = no_grad();
        if (training) (_x, ForwardCount) = (inputs[0].clone(), ForwardCount + 1);
        return inputs[0].matmul(w) + b;
    }

    public Tensor?[] Backward(Tensor dL_dy, bool inputGradients = true)
    {
        using var _ = no_grad();
        var x = _x ?? throw new InvalidOperationException("no forward");
        Add(w, x.T.matmul(dL_dy));
        Add(b, dL_dy.sum(0));
        return [inputGradients ? dL_dy.matmul(w.T) : null];
    }

    static void Add(Parameter p, Tensor g)
    {
        if (p.grad is null) p.grad = g.clone();
        else p.grad.add_(g);
    }
}

/// <summary>Mean softmax cross-entropy against one-hot targets: -(t · log_softmax(z)).sum(1).mean(); d/dz = (softmax(z) − t) / n.</summary>
internal sealed class SoftmaxCrossEntropyLayer : IGeneratedLayer
{
    Tensor? _p, _t;

    public IReadOnlyList<string> InputNames => ["logits", "target"];
    public IReadOnlyList<bool> InputsDifferentiable => [true, false];
    public bool training { get; private set; } = true;
    public void train(bool mode = true) => training = mode;
    public void eval() => training = false;
    public IReadOnlyList<Parameter> parameters() => [];
    public IReadOnlyList<(string name, Parameter parameter)> named_parameters() => [];
    public void zero_grad() { }
    public string DescribeBackward() => "dz = (softmax(z) − t) / n";
    public int ForwardCount { get; private set; }

    public Tensor Forward(IReadOnlyList<Tensor> inputs)
    {
        using var _ = no_grad();
        var z = inputs[0];
        var t = inputs[1];
        if (training) (_p, _t, ForwardCount) = (z.softmax(1), t.clone(), ForwardCount + 1);
        return -(t * z.log_softmax(1)).sum(1).mean();
    }

    public Tensor?[] Backward(Tensor dL_dy, bool inputGradients = true)
    {
        using var _ = no_grad();
        var p = _p ?? throw new InvalidOperationException("no forward");
        return [(p - _t!) * (dL_dy.ToDouble() / p.size(0)), null];
    }
}

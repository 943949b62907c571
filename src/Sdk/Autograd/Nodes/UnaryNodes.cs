using Edu.Sdk.Tensors;

namespace Edu.Sdk.Autograd;

/// <summary>y = eˣ: dL/dx = y ⊙ dL/dy.</summary>
internal sealed class ExpBackward(torch.Tensor x, torch.Tensor y) : Node(x)
{
    readonly SavedTensor _y = new(y);
    public override string name() => "ExpBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) => [g * _y.Unpack(this)];
}

/// <summary>y = ln x: dL/dx = dL/dy / x.</summary>
internal sealed class LogBackward(torch.Tensor x) : Node(x)
{
    readonly SavedTensor _x = new(x);
    public override string name() => "LogBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) => [g / _x.Unpack(this)];
}

/// <summary>y = √x: dL/dx = dL/dy / (2y).</summary>
internal sealed class SqrtBackward(torch.Tensor x, torch.Tensor y) : Node(x)
{
    readonly SavedTensor _y = new(y);
    public override string name() => "SqrtBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) => [g / (_y.Unpack(this) * 2)];
}

/// <summary>y = |x|: dL/dx = sign(x) ⊙ dL/dy (0 at x = 0, as in PyTorch).</summary>
internal sealed class AbsBackward(torch.Tensor x) : Node(x)
{
    readonly SavedTensor _x = new(x);
    public override string name() => "AbsBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var x = _x.Unpack(this);
        return [g * (x.gt(0).to(g.dtype) - x.lt(0).to(g.dtype))];
    }
}

/// <summary>An activation whose derivative is a function of its output: ReLU, sigmoid, tanh.</summary>
internal sealed class ActivationBackward(torch.Tensor x, torch.Tensor y, ActivationBackward.Kind kind) : Node(x)
{
    public enum Kind { Relu, Sigmoid, Tanh }

    readonly SavedTensor _y = new(y);

    public override string name() => kind switch { Kind.Relu => "ReluBackward0", Kind.Sigmoid => "SigmoidBackward0", _ => "TanhBackward0" };

    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var y = _y.Unpack(this);
        g = g.Contiguous();
        var d = torch.Tensor.Empty(g.dtype, y._dims);
        if (g.dtype == ScalarType.Float32) Apply(y.Span<float>(), g.Span<float>(), d.Span<float>());
        else Apply(y.Span<double>(), g.Span<double>(), d.Span<double>());
        return [d];
    }

    void Apply<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> d) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        switch (kind)
        {
            case Kind.Relu: ActivationGrad.Relu(y, g, d); break;
            case Kind.Sigmoid: ActivationGrad.Sigmoid(y, g, d); break;
            default: ActivationGrad.Tanh(y, g, d); break;
        }
    }
}

/// <summary>y = clamp(x, lo, hi): dL/dx = dL/dy where lo ≤ x ≤ hi, 0 elsewhere.</summary>
internal sealed class ClampBackward(torch.Tensor x, double? lo, double? hi) : Node(x)
{
    readonly SavedTensor _x = new(x);
    public override string name() => "ClampBackward1";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var x = _x.Unpack(this);
        var r = g;
        if (lo is { } l) r = r * x.ge(l).to(g.dtype);
        if (hi is { } h) r = r * x.le(h).to(g.dtype);
        return [r];
    }
}

/// <summary>y = x converted to another float dtype: dL/dx = dL/dy converted back.</summary>
internal sealed class ToBackward(torch.Tensor x) : Node(x)
{
    internal override bool SavesTensors => false;
    readonly ScalarType _dtype = x.dtype;
    public override string name() => "ToCopyBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) => [g.to(_dtype)];
}

/// <summary>y = x (a copy or a layout change): dL/dx = dL/dy.</summary>
internal sealed class IdentityBackward(torch.Tensor x, string opName) : Node(x)
{
    internal override bool SavesTensors => false;
    public override string name() => opName;
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) => [g];
}

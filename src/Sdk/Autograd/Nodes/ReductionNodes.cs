using Edu.Sdk.Tensors;

namespace Edu.Sdk.Autograd;

/// <summary>y = Σ x (all elements): dL/dx = dL/dy at every element.</summary>
internal sealed class SumBackward(torch.Tensor x) : Node(x)
{
    internal override bool SavesTensors => false;
    readonly long[] _shape = x.shape;
    public override string name() => "SumBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) => [g.expand(_shape)];
}

/// <summary>y = Σ over one dim: dL/dx = dL/dy repeated along that dim.</summary>
internal sealed class SumDimBackward(torch.Tensor x, int dim, bool keepdim) : Node(x)
{
    internal override bool SavesTensors => false;
    readonly long[] _shape = x.shape;
    public override string name() => "SumBackward1";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) =>
        [Grad.Unreduce(g, dim, keepdim, _shape.Length).expand(_shape)];
}

/// <summary>y = max x (or min) over all elements: dL/dx is dL/dy shared evenly among the elements equal to y.</summary>
internal sealed class ExtremeAllBackward(torch.Tensor x, torch.Tensor y) : Node(x)
{
    readonly SavedTensor _x = new(x), _y = new(y);
    public override string name() => "MaxBackward1";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var x = _x.Unpack(this);
        var y = _y.Unpack(this);
        // A NaN equals nothing, itself included: when the extreme is NaN, the NaNs share the gradient (as in PyTorch).
        var hit = (double.IsNaN(y.to(ScalarType.Float64).item<double>()) ? x.ne(x) : x.eq(y)).to(g.dtype);
        return [hit * (g / hit.sum())];
    }
}

/// <summary>y = max (or min) along a dim: dL/dx is dL/dy at the index that was chosen, 0 elsewhere.</summary>
internal sealed class ExtremeDimBackward(torch.Tensor x, torch.Tensor indices, int dim) : Node(x)
{
    readonly int[] _dims = x._dims;
    public override string name() => "MaxBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        g = g.Contiguous();
        var r = torch.zeros(Shape.ToLong(_dims), g.dtype);
        var idx = indices.Span<long>();
        int outer = 1, inner = 1, n = _dims.Length == 0 ? 1 : _dims[dim];
        for (int i = 0; i < dim; i++) outer *= _dims[i];
        for (int i = dim + 1; i < _dims.Length; i++) inner *= _dims[i];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
                r.SetFlat((o * n + (int)idx[o * inner + i]) * inner + i, g.GetFlat(o * inner + i), g.dtype);
        return [r];
    }
}

/// <summary>y = log Σ exp x along a dim: dL/dx = dL/dy ⊙ exp(x − y) = dL/dy ⊙ softmax(x).</summary>
internal sealed class LogsumexpBackward(torch.Tensor x, torch.Tensor y, int dim, bool keepdim) : Node(x)
{
    readonly SavedTensor _x = new(x), _y = new(y);
    public override string name() => "LogsumexpBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        int rank = _x.Unpack(this).dim();
        var y = Grad.Unreduce(_y.Unpack(this), dim, keepdim, rank);
        return [Grad.Unreduce(g, dim, keepdim, rank) * (_x.Unpack(this) - y).exp()];
    }
}

/// <summary>
/// y = softmax(x) along a dim: dL/dx = y ⊙ (dL/dy − Σ(dL/dy ⊙ y)).
/// With <c>log</c>, y = log_softmax(x): dL/dx = dL/dy − exp(y) ⊙ Σ dL/dy.
/// </summary>
internal sealed class SoftmaxBackward(torch.Tensor x, torch.Tensor y, int dim, bool log) : Node(x)
{
    readonly SavedTensor _y = new(y);
    public override string name() => log ? "LogSoftmaxBackward0" : "SoftmaxBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var y = _y.Unpack(this);
        return log
            ? [g - y.exp() * g.sum(dim, keepdim: true)]
            : [y * (g - (g * y).sum(dim, keepdim: true))];
    }
}

using static Edu.Sdk.Autograd.Grad;

namespace Edu.Sdk.Autograd;

/// <summary>y = a + b: dL/da = dL/dy, dL/db = dL/dy (each summed back to its operand's shape).</summary>
internal sealed class AddBackward(torch.Tensor a, torch.Tensor b) : Node(a, b)
{
    internal override bool SavesTensors => false;
    readonly int[] _a = a._dims, _b = b._dims;
    public override string name() => "AddBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) =>
        [Needs(0) ? SumTo(g, _a, sink.AccumulatorFor(this, 0)) : null, Needs(1) ? SumTo(g, _b, sink.AccumulatorFor(this, 1)) : null];
}

/// <summary>y = a − b: dL/da = dL/dy, dL/db = −dL/dy.</summary>
internal sealed class SubBackward(torch.Tensor a, torch.Tensor b) : Node(a, b)
{
    internal override bool SavesTensors => false;
    readonly int[] _a = a._dims, _b = b._dims;
    public override string name() => "SubBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) =>
        [Needs(0) ? SumTo(g, _a) : null, Needs(1) ? SumTo(g, _b).neg() : null];
}

/// <summary>y = a ⊙ b: dL/da = dL/dy ⊙ b, dL/db = dL/dy ⊙ a.</summary>
internal sealed class MulBackward(torch.Tensor a, torch.Tensor b) : Node(a, b)
{
    // Each operand is needed only for the other's gradient.
    readonly SavedTensor? _a = b.requires_grad ? new(a) : null, _b = a.requires_grad ? new(b) : null;
    readonly int[] _da = a._dims, _db = b._dims;
    public override string name() => "MulBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) =>
        [Needs(0) ? SumTo(g * _b!.Value.Unpack(this), _da) : null, Needs(1) ? SumTo(g * _a!.Value.Unpack(this), _db) : null];
}

/// <summary>y = a / b: dL/da = dL/dy / b, dL/db = −dL/dy ⊙ a / b².</summary>
internal sealed class DivBackward(torch.Tensor a, torch.Tensor b) : Node(a, b)
{
    readonly SavedTensor _a = new(a), _b = new(b);
    readonly int[] _da = a._dims, _db = b._dims;
    public override string name() => "DivBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var b = _b.Unpack(this);
        return [Needs(0) ? SumTo(g / b, _da) : null, Needs(1) ? SumTo((g * _a.Unpack(this) / (b * b)).neg(), _db) : null];
    }
}

/// <summary>y = a ⊙ s for a number s: dL/da = s · dL/dy (also a + s, a − s, −a and s − a with s = ±1).</summary>
internal sealed class ScaleBackward(torch.Tensor a, double scale, string opName) : Node(a)
{
    internal override bool SavesTensors => false;
    public override string name() => opName;
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) => [scale == 1 ? g : g * scale];
}

/// <summary>y = s / a for a number s: dL/da = −s / a² ⊙ dL/dy = −y / a ⊙ dL/dy.</summary>
internal sealed class RdivBackward(torch.Tensor a, torch.Tensor y) : Node(a)
{
    readonly SavedTensor _a = new(a), _y = new(y);
    public override string name() => "DivBackward1";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) => [(g * _y.Unpack(this) / _a.Unpack(this)).neg()];
}

/// <summary>y = aᵖ for a number p: dL/da = p · aᵖ⁻¹ ⊙ dL/dy.</summary>
internal sealed class PowScalarBackward(torch.Tensor a, double p) : Node(a)
{
    readonly SavedTensor _a = new(a);
    public override string name() => "PowBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        if (p == 0) return [torch.zeros_like(g)];
        var a = _a.Unpack(this);
        return [p == 2 ? g * a * 2 : g * a.pow(p - 1) * p];
    }
}

/// <summary>
/// y = aᵇ: dL/da = b · aᵇ⁻¹ ⊙ dL/dy, dL/db = y ⊙ ln a ⊙ dL/dy. As in PyTorch, dL/da is 0 where b = 0 (y is constant
/// 1, though 0 · 0⁻¹ is NaN), and dL/db is 0 where a = 0 and b ≥ 0 (y ln a → 0, though 0 · ln 0 is NaN).
/// </summary>
internal sealed class PowBackward(torch.Tensor a, torch.Tensor b, torch.Tensor y) : Node(a, b)
{
    readonly SavedTensor _a = new(a), _b = new(b), _y = new(y);
    readonly int[] _da = a._dims, _db = b._dims;
    public override string name() => "PowBackward1";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var a = _a.Unpack(this);
        var b = _b.Unpack(this);
        torch.Tensor? da = null, db = null;
        if (Needs(0)) da = SumTo(ZeroWhere(b.eq(0), g * b * a.pow(b - 1)), _da);
        if (Needs(1)) db = SumTo(ZeroWhere((a.eq(0).to(g.dtype) * b.ge(0).to(g.dtype)).eq(1), g * _y.Unpack(this) * a.log()), _db);
        return [da, db];
    }

    static torch.Tensor ZeroWhere(torch.Tensor mask, torch.Tensor value) => torch.where(mask, torch.zeros_like(value), value);
}

/// <summary>y = max(a, b) or min(a, b): the gradient goes to the operand that was chosen, split in half on ties (as in PyTorch).</summary>
internal sealed class ExtremumBackward(torch.Tensor a, torch.Tensor b, bool max) : Node(a, b)
{
    readonly SavedTensor _a = new(a), _b = new(b);
    readonly int[] _da = a._dims, _db = b._dims;
    public override string name() => max ? "MaximumBackward0" : "MinimumBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var a = _a.Unpack(this);
        var b = _b.Unpack(this);
        var wins = (max ? a.gt(b) : a.lt(b)).to(g.dtype);
        var ties = a.eq(b).to(g.dtype) * 0.5;
        var wa = wins + ties;
        return [Needs(0) ? SumTo(g * wa, _da) : null, Needs(1) ? SumTo(g * (1 - wa), _db) : null];
    }
}

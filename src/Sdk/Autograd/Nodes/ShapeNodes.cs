using System.Numerics;
using System.Numerics.Tensors;
using Edu.Sdk.Tensors;

namespace Edu.Sdk.Autograd;

/// <summary>y = x viewed under another shape (reshape, view, flatten, squeeze, unsqueeze): dL/dx = dL/dy reshaped back.</summary>
internal sealed class ReshapeBackward(torch.Tensor x) : Node(x)
{
    internal override bool SavesTensors => false;
    readonly long[] _shape = x.shape;
    public override string name() => "ViewBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) => [g.reshape(_shape)];
}

/// <summary>y = xᵀ (or x with two dims swapped): dL/dx = (dL/dy)ᵀ.</summary>
internal sealed class TransposeBackward(torch.Tensor x, int dim0, int dim1) : Node(x)
{
    internal override bool SavesTensors => false;
    public override string name() => "TransposeBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) => [g.transpose(dim0, dim1)];
}

/// <summary>y = x repeated to a larger shape: dL/dx = Σ of dL/dy over the repeated dims.</summary>
internal sealed class ExpandBackward(torch.Tensor x) : Node(x)
{
    internal override bool SavesTensors => false;
    readonly int[] _dims = x._dims;
    public override string name() => "ExpandBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink) => [Grad.SumTo(g, _dims)];
}

/// <summary>y = x[start : start+length] along a dim: dL/dx is dL/dy in that slice and 0 elsewhere.</summary>
internal sealed class NarrowBackward(torch.Tensor x, int dim, int start) : Node(x)
{
    internal override bool SavesTensors => false;
    readonly int[] _dims = x._dims;
    public override string name() => "SliceBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        g = g.Contiguous();
        var r = torch.zeros(Shape.ToLong(_dims), g.dtype);
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= _dims[i];
        for (int i = dim + 1; i < _dims.Length; i++) inner *= _dims[i];
        int len = g._dims[dim];
        for (int o = 0; o < outer; o++)
            Array.Copy(g._storage, g._offset + o * len * inner, r._storage, (o * _dims[dim] + start) * inner, len * inner);
        return [r];
    }
}

/// <summary>y = x.index_select(dim, idx): dL/dx[idx[k]] += dL/dy[k] along dim (repeated indices add up).</summary>
internal sealed class IndexSelectBackward(torch.Tensor x, int dim, torch.Tensor index) : Node(x)
{
    readonly int[] _dims = x._dims;
    // Saved with its version: an index changed in place after the forward would send the gradient elsewhere.
    readonly SavedTensor _index = new(index);
    public override string name() => "IndexSelectBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        g = g.Contiguous();
        var r = torch.zeros(Shape.ToLong(_dims), g.dtype);
        var index = _index.Unpack(this);
        if (g.dtype == ScalarType.Float32) Scatter(g.Span<float>(), r.Span<float>(), index);
        else Scatter(g.Span<double>(), r.Span<double>(), index);
        return [r];
    }

    void Scatter<T>(ReadOnlySpan<T> g, Span<T> r, torch.Tensor index) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var idx = index.Span<long>();
        int outer = 1, inner = 1;
        for (int i = 0; i < dim; i++) outer *= _dims[i];
        for (int i = dim + 1; i < _dims.Length; i++) inner *= _dims[i];
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < idx.Length; k++)
            {
                var dst = r.Slice((o * _dims[dim] + (int)idx[k]) * inner, inner);
                TensorPrimitives.Add(dst, g.Slice((o * idx.Length + k) * inner, inner), dst);
            }
    }
}

/// <summary>y = cat(x₁, x₂, ...) along a dim: dL/dxᵢ is the matching slice of dL/dy.</summary>
internal sealed class CatBackward(torch.Tensor[] xs, int dim) : Node(xs)
{
    internal override bool SavesTensors => false;
    readonly int[] _sizes = xs.Select(x => x._dims[dim]).ToArray();
    public override string name() => "CatBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var r = new torch.Tensor?[_sizes.Length];
        int at = 0;
        for (int i = 0; i < _sizes.Length; i++)
        {
            if (Needs(i)) r[i] = g.narrow(dim, at, _sizes[i]);
            at += _sizes[i];
        }
        return r;
    }
}

/// <summary>y = where(c, a, b): dL/da = dL/dy where c, dL/db = dL/dy elsewhere (each summed back to its shape).</summary>
internal sealed class WhereBackward(torch.Tensor condition, torch.Tensor a, torch.Tensor b) : Node(a, b)
{
    readonly int[] _da = a._dims, _db = b._dims;
    public override string name() => "WhereBackward0";
    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var zero = torch.zeros_like(g);
        return [Needs(0) ? Grad.SumTo(torch.where(condition, g, zero), _da) : null,
                Needs(1) ? Grad.SumTo(torch.where(condition, zero, g), _db) : null];
    }
}

using System.Numerics;
using Edu.Sdk.Tensors;

namespace Edu.Sdk.Autograd;

/// <summary>
/// Y = conv2d(X, W) + b, per image n through the im2col layout: Yₙ (O×L) = W (O×K) · colₙ (K×L). Then
/// dL/dW = Σₙ dYₙ · colₙᵀ, dL/dX n = Col2Im(Wᵀ · dYₙ), dL/db = Σₙ Σ_pixels dYₙ. colₙ is rebuilt from X rather than
/// kept from the forward: K×L per image would often be larger than the activations themselves.
/// </summary>
internal sealed class Conv2dBackward(torch.Tensor input, torch.Tensor batchedInput, torch.Tensor weight, torch.Tensor? bias, Conv2dGeometry geometry)
    : Node(input, weight, bias)
{
    readonly SavedTensor _x = new(batchedInput), _w = new(weight);

    public override string name() => "ConvolutionBackward0";

    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var x = _x.Unpack(this).Contiguous();
        var w = _w.Unpack(this).Contiguous();
        g = g.Contiguous();
        int n = x.Dims[0], o = w.Dims[0];
        var dx = Needs(0) ? torch.Tensor.Empty(x.dtype, x._dims) : null;
        var dw = Needs(1) ? torch.zeros(w.shape, w.dtype) : null;
        var db = Needs(2) ? torch.zeros([o], w.dtype) : null;
        if (x.dtype == ScalarType.Float32) Run<float>(x, w, g, dx, dw, db, n, o);
        else Run<double>(x, w, g, dx, dw, db, n, o);
        return [dx?.reshape(Inputs[0]!.shape), dw, db];
    }

    void Run<T>(torch.Tensor x, torch.Tensor w, torch.Tensor g, torch.Tensor? dx, torch.Tensor? dw, torch.Tensor? db, int n, int o)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (dw is not null) Conv2dBackwardKernel.AddWeightGrad<T>(geometry, n, o, x.Span<T>(), g.Span<T>(), dw.Span<T>());
        if (db is not null) Conv2dBackwardKernel.AddBiasGrad<T>(n, o, geometry.L, g.Span<T>(), db.Span<T>());
        if (dx is not null) Conv2dBackwardKernel.InputGrad<T>(geometry, n, o, w.Span<T>(), g.Span<T>(), dx.Span<T>());
    }
}

/// <summary>
/// Y = max pooling of X with the winner of each window recorded as a flat index inside its (H, W) plane:
/// dL/dX[plane][index] += dL/dY (a scatter; overlapping windows that share a winner add up).
/// </summary>
internal sealed class MaxPool2dBackward(torch.Tensor input, torch.Tensor indices, string opName) : Node(input)
{
    readonly int[] _dims = input._dims;

    public override string name() => opName;

    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        g = g.Contiguous();
        var dx = torch.zeros(Shape.ToLong(_dims), g.dtype);
        int plane = _dims[^1] * _dims[^2], outPlane = g._dims[^1] * g._dims[^2];
        var idx = indices.Span<long>();
        if (g.dtype == ScalarType.Float32) Scatter(g.Span<float>(), dx.Span<float>(), idx, plane, outPlane);
        else Scatter(g.Span<double>(), dx.Span<double>(), idx, plane, outPlane);
        return [dx];
    }

    static void Scatter<T>(ReadOnlySpan<T> g, Span<T> dx, ReadOnlySpan<long> idx, int plane, int outPlane) where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < g.Length; i++)
            dx[i / outPlane * plane + (int)idx[i]] += g[i];
    }
}

using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
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
        var geo = geometry;
        int k = geo.K, l = geo.L, image = geo.ImageSize;
        var col = ArrayPool<T>.Shared.Rent(k * l);
        try
        {
            for (int i = 0; i < n; i++)
            {
                var xi = new ReadOnlySpan<T>((T[])x._storage, x._offset + i * image, image);
                var gi = g.Span<T>().Slice(i * o * l, o * l);
                if (dw is not null)
                {
                    ReadOnlySpan<T> c = xi;
                    if (!geo.ColIsImage) { geo.Im2Col(xi, col.AsSpan(0, k * l)); c = col.AsSpan(0, k * l); }
                    // dW (O×K) += dYᵢ (O×L) · colᵢᵀ (L×K)
                    GemmT(false, true, o, k, l, gi, l, c, l, T.One, dw.Span<T>(), k);
                }
                if (db is not null)
                {
                    var b = db.Span<T>();
                    for (int oc = 0; oc < o; oc++) b[oc] += TensorPrimitives.Sum<T>(gi.Slice(oc * l, l));
                }
                if (dx is not null)
                {
                    var dxi = dx.Span<T>().Slice(i * image, image);
                    if (geo.ColIsImage) { GemmT(true, false, k, l, o, w.Span<T>(), k, gi, l, T.Zero, dxi, l); continue; }
                    // dcol (K×L) = Wᵀ (K×O) · dYᵢ (O×L); dXᵢ = Col2Im(dcol), which adds, so clear first.
                    var dcol = col.AsSpan(0, k * l);
                    GemmT(true, false, k, l, o, w.Span<T>(), k, gi, l, T.Zero, dcol, l);
                    dxi.Clear();
                    geo.Col2Im<T>(dcol, dxi);
                }
            }
        }
        finally { ArrayPool<T>.Shared.Return(col); }
    }

    static void GemmT<T>(bool ta, bool tb, int m, int nn, int kk, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
            Gemm.Sgemm(ta, tb, m, nn, kk, 1f, System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(a), lda,
                System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(b), ldb, beta is float bf ? bf : 0f,
                System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(c), ldc);
        else
            Gemm.Dgemm(ta, tb, m, nn, kk, 1.0, System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(a), lda,
                System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(b), ldb, beta is double bd ? bd : 0.0,
                System.Runtime.InteropServices.MemoryMarshal.Cast<T, double>(c), ldc);
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

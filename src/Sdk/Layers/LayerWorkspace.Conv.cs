using System.Numerics;
using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Layers;

/// <summary>
/// Convolution and max pooling for generated layers, into reused buffers. The backward of
/// y = conv2d(x, w) + b per image n through the im2col layout (yₙ = W·colₙ): dL/dW += Σₙ dyₙ·colₙᵀ,
/// dL/db += Σₙ Σ_pixels dyₙ, dL/dxₙ = Col2Im(Wᵀ·dyₙ); colₙ is rebuilt from x (a pooled scratch array, no garbage).
/// Max pooling keeps, per output, the flat index of its window's maximum: dL/dx[plane][index] += dL/dy.
/// </summary>
public sealed partial class LayerWorkspace
{
    /// <summary><c>conv2d(x, w, bias, stride, padding)</c> for x of shape (N, C, H, W) and w of shape (O, C, kH, kW).</summary>
    public Tensor Conv2d(string name, Tensor x, Tensor w, Tensor? bias, long stride = 1, long padding = 0) =>
        Conv2d(name, x, w, bias, (stride, stride), (padding, padding));

    /// <summary><c>conv2d(x, w, bias, (sH, sW), (pH, pW))</c>: (height, width) stride and padding.</summary>
    public Tensor Conv2d(string name, Tensor x, Tensor w, Tensor? bias, (long H, long W) stride, (long H, long W) padding)
    {
        var g = Geometry(name, x, w, stride, padding);
        RequireSameDtype(name, x, w);
        int n = x.Dims[0], o = w.Dims[0];
        var y = Buffer(name, x.dtype, [n, o, g.OH, g.OW]);
        x = x.Contiguous();
        w = w.Contiguous();
        bias = bias?.Contiguous();
        if (bias is not null && (bias.dim() != 1 || bias.Dims[0] != o))
            throw new ArgumentException($"{name}: the bias has shape ({bias.ShapeText}); conv2d with {o} output channels needs a bias of shape ({o}).");
        if (x.dtype == ScalarType.Float32)
            Conv2dKernel.Forward(g, n, o, (float[])x._storage, x._offset, (float[])w._storage, w._offset, (float[]?)bias?._storage, bias?._offset ?? 0, (float[])y._storage);
        else
            Conv2dKernel.Forward(g, n, o, (double[])x._storage, x._offset, (double[])w._storage, w._offset, (double[]?)bias?._storage, bias?._offset ?? 0, (double[])y._storage);
        return y;
    }

    /// <summary>dL/dw of a conv2d, in a buffer of its own: Σₙ dyₙ · colₙᵀ.</summary>
    public Tensor Conv2dWeightGrad(string name, Tensor dy, Tensor x, Tensor w, long stride = 1, long padding = 0) =>
        Conv2dWeightGrad(name, dy, x, w, (stride, stride), (padding, padding));

    /// <summary>dL/dw of a conv2d with (height, width) stride and padding, in a buffer of its own.</summary>
    public Tensor Conv2dWeightGrad(string name, Tensor dy, Tensor x, Tensor w, (long H, long W) stride, (long H, long W) padding)
    {
        var r = Like(name, w).zero_();
        AddConv2dWeightGrad(r, dy, x, w, stride, padding);
        return r;
    }

    /// <summary>Adds dL/dw of a conv2d into <paramref name="target"/> (a parameter's grad; nothing when null).</summary>
    public void AddConv2dWeightGrad(Tensor? target, Tensor dy, Tensor x, Tensor w, long stride = 1, long padding = 0) =>
        AddConv2dWeightGrad(target, dy, x, w, (stride, stride), (padding, padding));

    /// <summary>Adds dL/dw of a conv2d with (height, width) stride and padding into <paramref name="target"/> (nothing when null).</summary>
    public void AddConv2dWeightGrad(Tensor? target, Tensor dy, Tensor x, Tensor w, (long H, long W) stride, (long H, long W) padding)
    {
        if (target is null) return;
        target.WritePending();
        var g = Geometry("conv2d backward", x, w, stride, padding);
        if (x.dtype == ScalarType.Float32) WeightGrad<float>(g, dy.Contiguous(), x.Contiguous(), w.Dims[0], target);
        else WeightGrad<double>(g, dy.Contiguous(), x.Contiguous(), w.Dims[0], target);
    }

    /// <summary>dL/db of a conv2d, in a buffer of its own: the sum of dy over images and pixels, per channel.</summary>
    public Tensor Conv2dBiasGrad(string name, Tensor dy, Tensor bias)
    {
        var r = Like(name, bias).zero_();
        AddConv2dBiasGrad(r, dy);
        return r;
    }

    /// <summary>Adds dL/db of a conv2d into <paramref name="target"/>: Σ over images and pixels of dy, per channel.</summary>
    public void AddConv2dBiasGrad(Tensor? target, Tensor dy)
    {
        if (target is null) return;
        target.WritePending();
        dy = dy.Contiguous();
        int n = dy.Dims[0], o = dy.Dims[1], l = dy.Dims[2] * dy.Dims[3];
        if (dy.dtype == ScalarType.Float32) BiasGrad(dy.Span<float>(), target.Span<float>(), n, o, l);
        else BiasGrad(dy.Span<double>(), target.Span<double>(), n, o, l);
    }

    static void BiasGrad<T>(ReadOnlySpan<T> dy, Span<T> b, int n, int o, int l) where T : unmanaged, IFloatingPointIeee754<T> =>
        Conv2dBackwardKernel.AddBiasGrad(n, o, l, dy, b);

    /// <summary>dL/dx of a conv2d: Col2Im(Wᵀ · dyₙ) per image.</summary>
    public Tensor Conv2dInputGrad(string name, Tensor dy, Tensor x, Tensor w, long stride = 1, long padding = 0) =>
        Conv2dInputGrad(name, dy, x, w, (stride, stride), (padding, padding));

    /// <summary>dL/dx of a conv2d with (height, width) stride and padding.</summary>
    public Tensor Conv2dInputGrad(string name, Tensor dy, Tensor x, Tensor w, (long H, long W) stride, (long H, long W) padding)
    {
        var g = Geometry(name, x, w, stride, padding);
        var dx = Like(name, x);
        if (x.dtype == ScalarType.Float32) InputGrad<float>(g, dy.Contiguous(), w.Contiguous(), x.Dims[0], dx);
        else InputGrad<double>(g, dy.Contiguous(), w.Contiguous(), x.Dims[0], dx);
        return dx;
    }

    static Conv2dGeometry Geometry(string op, Tensor x, Tensor w, (long H, long W) stride, (long H, long W) padding)
    {
        if (x.dim() != 4 || w.dim() != 4)
            throw new ArgumentException($"{op}: generated layers convolve (N, C, H, W) inputs with (O, C, kH, kW) weights, got ({x.ShapeText}) and ({w.ShapeText}).");
        return Conv2dGeometry.Create(op, x.Dims, w.Dims, ((int)stride.H, (int)stride.W), ((int)padding.H, (int)padding.W), x);
    }

    static void WeightGrad<T>(Conv2dGeometry g, Tensor dy, Tensor x, int o, Tensor target) where T : unmanaged, IFloatingPointIeee754<T> =>
        Conv2dBackwardKernel.AddWeightGrad<T>(g, x.Dims[0], o, x.Span<T>(), dy.Span<T>(), target.Span<T>());

    static void InputGrad<T>(Conv2dGeometry g, Tensor dy, Tensor w, int n, Tensor dx) where T : unmanaged, IFloatingPointIeee754<T> =>
        Conv2dBackwardKernel.InputGrad<T>(g, n, w.Dims[0], w.Span<T>(), dy.Span<T>(), dx.Span<T>());

    /// <summary><c>max_pool2d(x, kernel_size, stride, padding)</c> (stride = kernel_size when 0); keeps each window's argmax for the backward.</summary>
    public Tensor MaxPool2d(string name, Tensor x, long kernel_size, long stride = 0, long padding = 0) =>
        MaxPool2d(name, x, (kernel_size, kernel_size), stride == 0 ? (kernel_size, kernel_size) : (stride, stride), (padding, padding));

    /// <summary><c>max_pool2d(x, (kH, kW), (sH, sW), (pH, pW))</c>; keeps each window's argmax for the backward.</summary>
    public Tensor MaxPool2d(string name, Tensor x, (long H, long W) kernel_size, (long H, long W) stride, (long H, long W) padding)
    {
        RequirePlanes(name, x);
        if (kernel_size.H <= 0 || kernel_size.W <= 0 || stride.H <= 0 || stride.W <= 0 || padding.H < 0 || padding.W < 0 ||
            padding.H > kernel_size.H / 2 || padding.W > kernel_size.W / 2)
            throw new ArgumentException(
                $"{name}: max_pool2d needs a positive kernel ({kernel_size.H}x{kernel_size.W}) and stride ({stride.H}x{stride.W}), and padding ({padding.H}x{padding.W}) of at most half the kernel.");
        return Pool(name, x, PoolWindows.Regular(x.Dims[2], (int)kernel_size.H, (int)stride.H, (int)padding.H),
            PoolWindows.Regular(x.Dims[3], (int)kernel_size.W, (int)stride.W, (int)padding.W));
    }

    /// <summary><c>adaptive_max_pool2d(x, (oh, ow))</c>; keeps each window's argmax for the backward.</summary>
    public Tensor AdaptiveMaxPool2d(string name, Tensor x, long oh, long ow)
    {
        RequirePlanes(name, x);
        return Pool(name, x, PoolWindows.Adaptive(x.Dims[2], (int)oh), PoolWindows.Adaptive(x.Dims[3], (int)ow));
    }

    /// <summary><c>adaptive_max_pool2d(x, output_size)</c> with the size as a (height, width) pair.</summary>
    public Tensor AdaptiveMaxPool2d(string name, Tensor x, (long H, long W) output_size) =>
        AdaptiveMaxPool2d(name, x, output_size.H, output_size.W);

    /// <summary>
    /// One number for both axes of a window, a stride or a padding, read once: what generated code passes where the
    /// student wrote one number (<c>Stride()</c>) and the call takes (height, width) pairs.
    /// </summary>
    public static (long H, long W) Both(long size) => (size, size);

    static void RequirePlanes(string op, Tensor x)
    {
        if (x.dim() != 4 || x.Dims[2] == 0 || x.Dims[3] == 0)
            throw new ArgumentException($"{op}: generated layers pool (N, C, H, W) inputs with non-empty planes, got ({x.ShapeText}).");
    }

    Tensor Pool(string name, Tensor x, PoolWindows rows, PoolWindows cols)
    {
        x = x.Contiguous();
        int n = x.Dims[0], c = x.Dims[1], h = x.Dims[2], w = x.Dims[3];
        var y = Buffer(name, x.dtype, [n, c, rows.Count, cols.Count]);
        var idx = Scratch(name, ScalarType.Int64, [n, c, rows.Count, cols.Count]);
        if (x.dtype == ScalarType.Float32) MaxPool2dKernel.Forward((float[])x._storage, x._offset, n * c, h, w, rows, cols, (float[])y._storage, (long[])idx._storage);
        else MaxPool2dKernel.Forward((double[])x._storage, x._offset, n * c, h, w, rows, cols, (double[])y._storage, (long[])idx._storage);
        return y;
    }

    /// <summary>dL/dx of the max pooling that computed <paramref name="pooled"/> (by name, from its kept argmax): the gradient goes to each window's maximum.</summary>
    public Tensor MaxPool2dBackward(string name, Tensor dy, Tensor x, string pooled)
    {
        if (!_scratch.TryGetValue(pooled, out var idx) || idx.dtype != ScalarType.Int64 || !idx.Dims.SequenceEqual(dy.Dims))
            throw new InvalidOperationException($"{name}: the pooling '{pooled}' has not run forward with this shape; run forward (in training mode) first.");
        var dx = Like(name, x).zero_();
        dy = dy.Contiguous();
        int plane = x.Dims[2] * x.Dims[3], outPlane = dy.Dims[2] * dy.Dims[3];
        var ix = idx.Span<long>();
        if (dy.dtype == ScalarType.Float32) Scatter(dy.Span<float>(), dx.Span<float>(), ix, plane, outPlane);
        else Scatter(dy.Span<double>(), dx.Span<double>(), ix, plane, outPlane);
        return dx;
    }

    static void Scatter<T>(ReadOnlySpan<T> g, Span<T> dx, ReadOnlySpan<long> idx, int plane, int outPlane) where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < g.Length; i++) dx[i / outPlane * plane + (int)idx[i]] += g[i];
    }
}

using Edu.Sdk.Autograd;
using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    /// <summary>2-d convolution; the same as <see cref="nn.functional.conv2d(Tensor, Tensor, Tensor?, long, long)"/>.</summary>
    /// <param name="input">(N, C, H, W), or (C, H, W) for a single image.</param>
    /// <param name="weight">(O, C, kH, kW): O filters of C channels.</param>
    /// <param name="bias">(O), or null for none.</param>
    /// <param name="stride">The step between windows, on both axes.</param>
    /// <param name="padding">Zeros added on each side of both axes.</param>
    /// <returns>(N, O, OH, OW) with OH = ⌊(H + 2·padding − kH) / stride⌋ + 1, and the same for OW.</returns>
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0) =>
        nn.functional.conv2d(input, weight, bias, stride, padding);

    /// <summary>2-d convolution with (height, width) stride and padding; see <see cref="nn.functional.conv2d(Tensor, Tensor, Tensor?, long, long)"/>.</summary>
    /// <param name="input">(N, C, H, W), or (C, H, W) for a single image.</param>
    /// <param name="weight">(O, C, kH, kW).</param>
    /// <param name="bias">(O), or null for none.</param>
    /// <param name="stride">(sH, sW).</param>
    /// <param name="padding">(pH, pW); (0, 0) when null.</param>
    /// <returns>(N, O, OH, OW).</returns>
    public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, (long, long) stride, (long, long)? padding = null) =>
        nn.functional.conv2d(input, weight, bias, stride, padding);

    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// 2-d convolution (cross-correlation, as in PyTorch):
            /// y[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q w[o, c, p, q] · x[n, c, i·stride − padding + p, j·stride − padding + q],
            /// reading zeros outside the input.
            /// </summary>
            /// <param name="input">(N, C, H, W), or (C, H, W) for a single image (then the result is (O, OH, OW)).</param>
            /// <param name="weight">(O, C, kH, kW): O filters of C channels; same dtype as the input.</param>
            /// <param name="bias">(O), or null for none.</param>
            /// <param name="stride">The step between windows, on both axes (positive).</param>
            /// <param name="padding">Zeros added on each side of both axes (non-negative).</param>
            /// <returns>(N, O, OH, OW) with OH = ⌊(H + 2·padding − kH) / stride⌋ + 1, and the same for OW.</returns>
            /// <exception cref="ArgumentException">The ranks, channels, dtypes or sizes do not fit; the message names the shapes.</exception>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0) =>
                Conv2d(input, weight, bias, ConvArgs.Pair("conv2d", "stride", stride), ConvArgs.Pair("conv2d", "padding", padding));

            /// <summary>2-d convolution with (height, width) stride and padding; see <see cref="conv2d(Tensor, Tensor, Tensor?, long, long)"/>.</summary>
            /// <param name="input">(N, C, H, W), or (C, H, W) for a single image.</param>
            /// <param name="weight">(O, C, kH, kW).</param>
            /// <param name="bias">(O), or null for none.</param>
            /// <param name="stride">(sH, sW).</param>
            /// <param name="padding">(pH, pW); (0, 0) when null.</param>
            /// <returns>(N, O, OH, OW).</returns>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, (long, long) stride, (long, long)? padding = null) =>
                Conv2d(input, weight, bias, ConvArgs.Pair("conv2d", "stride", stride),
                    ConvArgs.Pair("conv2d", "padding", padding ?? (0, 0)));

            /// <summary>
            /// 2-d convolution with TorchSharp's array arguments: one element applies to both axes, two are (height, width);
            /// see <see cref="conv2d(Tensor, Tensor, Tensor?, long, long)"/>.
            /// </summary>
            /// <param name="input">(N, C, H, W), or (C, H, W) for a single image.</param>
            /// <param name="weight">(O, C, kH, kW).</param>
            /// <param name="bias">(O), or null for none.</param>
            /// <param name="strides">[s] or [sH, sW]; [1] when null.</param>
            /// <param name="padding">[p] or [pH, pW]; [0] when null.</param>
            /// <returns>(N, O, OH, OW).</returns>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias, long[]? strides, long[]? padding = null) =>
                Conv2d(input, weight, bias, ConvArgs.Pair("conv2d", "strides", strides ?? [1]),
                    ConvArgs.Pair("conv2d", "padding", padding ?? [0]));

            static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding)
            {
                const string op = "conv2d";
                var x = ConvArgs.AsBatch(op, input, out bool batched);
                if (weight.dim() != 4)
                    throw new ArgumentException(
                        $"{op}: weight must be 4-d (out_channels, in_channels, kH, kW), got shape ({weight.ShapeText}).");
                if (weight.dtype != x.dtype)
                    throw new ArgumentException(
                        $"{op}: input is {x.dtype} but weight is {weight.dtype}; convert one with .to(...) so both match.");
                var g = Conv2dGeometry.Create(op, x.Dims, weight.Dims, stride, padding, input);
                int n = x.Dims[0], o = weight.Dims[0];
                if (bias is not null)
                {
                    if (bias.dim() != 1 || bias.Dims[0] != o)
                        throw new ArgumentException(
                            $"{op}: bias has shape ({bias.ShapeText}) but weight ({weight.ShapeText}) has {o} output channels; the bias must be 1-d with {o} elements.");
                    if (bias.dtype != x.dtype)
                        throw new ArgumentException($"{op}: input is {x.dtype} but bias is {bias.dtype}; convert one with .to(...) so both match.");
                    bias = bias.Contiguous();
                }
                var w = weight.Contiguous();
                var y = Tensor.Empty(x.dtype, batched ? [n, o, g.OH, g.OW] : [o, g.OH, g.OW]);
                if (x.dtype == ScalarType.Float32)
                    Conv2dKernel.Forward(g, n, o, (float[])x._storage, x._offset, (float[])w._storage, w._offset,
                        (float[]?)bias?._storage, bias?._offset ?? 0, (float[])y._storage);
                else
                    Conv2dKernel.Forward(g, n, o, (double[])x._storage, x._offset, (double[])w._storage, w._offset,
                        (double[]?)bias?._storage, bias?._offset ?? 0, (double[])y._storage);
                bool record = GradMode.Wants(input) || GradMode.Wants(weight) || (bias is not null && GradMode.Wants(bias));
                return record ? y.WithGradFn(new Conv2dBackward(input, x, weight, bias, g)) : y;
            }
        }
    }
}

// Pooling: max_pool2d and adaptive_max_pool2d. Each also has an internal *_with_indices form whose Int64 indices
// (flat h·W + w inside each input plane, as in PyTorch) are what the backward scatters the gradient through.
public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// 2-d max pooling: each output is the maximum of a kernel_size × kernel_size window of its plane; windows
            /// move by <paramref name="stride"/> and the input is padded with −∞. NaN propagates.
            /// </summary>
            /// <param name="input">(N, C, H, W), or (C, H, W).</param>
            /// <param name="kernel_size">The window size, on both axes.</param>
            /// <param name="stride">The step between windows; <paramref name="kernel_size"/> when null (non-overlapping windows).</param>
            /// <param name="padding">−∞ added on each side; at most half the kernel.</param>
            /// <returns>(N, C, OH, OW) with OH = ⌊(H + 2·padding − kernel_size) / stride⌋ + 1, and the same for OW.</returns>
            public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0) =>
                MaxPool2d(input, ConvArgs.Pair("max_pool2d", "kernel_size", kernel_size),
                    ConvArgs.Pair("max_pool2d", "stride", stride ?? kernel_size), ConvArgs.Pair("max_pool2d", "padding", padding), false).Values;

            /// <summary>2-d max pooling with (height, width) sizes; see <see cref="max_pool2d(Tensor, long, long?, long)"/>.</summary>
            /// <param name="input">(N, C, H, W), or (C, H, W).</param>
            /// <param name="kernel_size">(kH, kW).</param>
            /// <param name="stride">(sH, sW); <paramref name="kernel_size"/> when null.</param>
            /// <param name="padding">(pH, pW); (0, 0) when null.</param>
            /// <returns>(N, C, OH, OW).</returns>
            public static Tensor max_pool2d(Tensor input, (long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null) =>
                MaxPool2d(input, ConvArgs.Pair("max_pool2d", "kernel_size", kernel_size),
                    ConvArgs.Pair("max_pool2d", "stride", stride ?? kernel_size),
                    ConvArgs.Pair("max_pool2d", "padding", padding ?? (0, 0)), false).Values;

            /// <summary>
            /// 2-d max pooling with TorchSharp's array arguments (one element for both axes, or two);
            /// see <see cref="max_pool2d(Tensor, long, long?, long)"/>.
            /// </summary>
            /// <param name="input">(N, C, H, W), or (C, H, W).</param>
            /// <param name="kernel_size">[k] or [kH, kW].</param>
            /// <param name="strides">[s] or [sH, sW]; <paramref name="kernel_size"/> when null.</param>
            /// <param name="padding">[p] or [pH, pW]; [0] when null.</param>
            /// <returns>(N, C, OH, OW).</returns>
            public static Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? strides = null, long[]? padding = null) =>
                MaxPool2d(input, ConvArgs.Pair("max_pool2d", "kernel_size", kernel_size),
                    ConvArgs.Pair("max_pool2d", "strides", strides ?? kernel_size),
                    ConvArgs.Pair("max_pool2d", "padding", padding ?? [0]), false).Values;

            /// <summary>max_pool2d that also returns, per output, the Int64 flat index h·W + w of the maximum in its input plane.</summary>
            internal static (Tensor Values, Tensor Indices) max_pool2d_with_indices(Tensor input, (long, long) kernel_size,
                (long, long)? stride = null, (long, long)? padding = null) =>
                MaxPool2d(input, ConvArgs.Pair("max_pool2d", "kernel_size", kernel_size),
                    ConvArgs.Pair("max_pool2d", "stride", stride ?? kernel_size),
                    ConvArgs.Pair("max_pool2d", "padding", padding ?? (0, 0)), true)!;

            /// <summary>
            /// 2-d adaptive max pooling: the output has the given size whatever the input's; output (i, j) is the maximum
            /// over rows [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉) and columns [⌊j·W/ow⌋, ⌈(j+1)·W/ow⌉), PyTorch's rule.
            /// </summary>
            /// <param name="input">(N, C, H, W), or (C, H, W).</param>
            /// <param name="output_size">(oh, ow), both positive.</param>
            /// <returns>(N, C, oh, ow).</returns>
            public static Tensor adaptive_max_pool2d(Tensor input, (long, long) output_size) =>
                AdaptiveMaxPool2d(input, ConvArgs.Pair("adaptive_max_pool2d", "output_size", output_size), false).Values;

            /// <summary>2-d adaptive max pooling with TorchSharp's array argument: [s] for s×s or [oh, ow]; see <see cref="adaptive_max_pool2d(Tensor, ValueTuple{long, long})"/>.</summary>
            /// <param name="input">(N, C, H, W), or (C, H, W).</param>
            /// <param name="output_size">[s] or [oh, ow].</param>
            /// <returns>(N, C, oh, ow).</returns>
            public static Tensor adaptive_max_pool2d(Tensor input, long[] output_size) =>
                AdaptiveMaxPool2d(input, ConvArgs.Pair("adaptive_max_pool2d", "output_size", output_size), false).Values;

            /// <summary>2-d adaptive max pooling to a square output; see <see cref="adaptive_max_pool2d(Tensor, ValueTuple{long, long})"/>.</summary>
            /// <param name="input">(N, C, H, W), or (C, H, W).</param>
            /// <param name="output_size">The output height and width.</param>
            /// <returns>(N, C, output_size, output_size).</returns>
            public static Tensor adaptive_max_pool2d(Tensor input, long output_size) =>
                AdaptiveMaxPool2d(input, ConvArgs.Pair("adaptive_max_pool2d", "output_size", output_size), false).Values;

            /// <summary>adaptive_max_pool2d that also returns the Int64 flat index h·W + w of each maximum in its input plane.</summary>
            internal static (Tensor Values, Tensor Indices) adaptive_max_pool2d_with_indices(Tensor input, (long, long) output_size) =>
                AdaptiveMaxPool2d(input, ConvArgs.Pair("adaptive_max_pool2d", "output_size", output_size), true)!;

            static (Tensor Values, Tensor? Indices) MaxPool2d(Tensor input, (int H, int W) k, (int H, int W) s, (int H, int W) p, bool withIndices)
            {
                const string op = "max_pool2d";
                var x = ConvArgs.AsBatch(op, input, out _);
                if (k.H <= 0 || k.W <= 0) throw new ArgumentException($"{op}: kernel_size must be positive, got {k.H}x{k.W}.");
                if (s.H <= 0 || s.W <= 0) throw new ArgumentException($"{op}: stride must be positive, got {s.H}x{s.W}.");
                if (p.H < 0 || p.W < 0) throw new ArgumentException($"{op}: padding must be non-negative, got {p.H}x{p.W}.");
                // PyTorch's rule: with more padding some window could hold nothing but padding (−∞).
                if (p.H > k.H / 2 || p.W > k.W / 2)
                    throw new ArgumentException($"{op}: padding {p.H}x{p.W} is more than half the kernel {k.H}x{k.W}.");
                int h = x.Dims[2], w = x.Dims[3];
                RequireNonEmptyPlane(op, input, h, w);
                long ph = h + 2L * p.H, pw = w + 2L * p.W;
                if (k.H > ph || k.W > pw)
                    throw new ArgumentException(
                        $"{op}: kernel {k.H}x{k.W} is larger than the padded input {ph}x{pw} (input shape {input.ShapeText}, padding {p.H}x{p.W}).");
                return RunMaxPool(input, x, PoolWindows.Regular(h, k.H, s.H, p.H), PoolWindows.Regular(w, k.W, s.W, p.W), withIndices);
            }

            static (Tensor Values, Tensor? Indices) AdaptiveMaxPool2d(Tensor input, (int H, int W) size, bool withIndices)
            {
                const string op = "adaptive_max_pool2d";
                var x = ConvArgs.AsBatch(op, input, out _);
                if (size.H <= 0 || size.W <= 0)
                    throw new ArgumentException($"{op}: output_size must be positive, got {size.H}x{size.W}.");
                int h = x.Dims[2], w = x.Dims[3];
                RequireNonEmptyPlane(op, input, h, w);
                return RunMaxPool(input, x, PoolWindows.Adaptive(h, size.H), PoolWindows.Adaptive(w, size.W), withIndices);
            }

            static void RequireNonEmptyPlane(string op, Tensor input, int h, int w)
            {
                if (h == 0 || w == 0)
                    throw new ArgumentException($"{op}: input ({input.ShapeText}) has empty {h}x{w} planes; there is nothing to take the maximum of.");
            }

            /// <summary>Allocates the outputs in the input's rank (3-d or 4-d) and runs the kernel for its dtype.</summary>
            static (Tensor Values, Tensor? Indices) RunMaxPool(Tensor input, Tensor x, PoolWindows rows, PoolWindows cols, bool withIndices,
                [System.Runtime.CompilerServices.CallerMemberName] string caller = "")
            {
                bool record = GradMode.Wants(input);
                withIndices |= record;
                int n = x.Dims[0], c = x.Dims[1], h = x.Dims[2], w = x.Dims[3];
                int[] dims = input.dim() == 4 ? [n, c, rows.Count, cols.Count] : [c, rows.Count, cols.Count];
                var y = Tensor.Empty(x.dtype, dims);
                var idx = withIndices ? Tensor.Empty(ScalarType.Int64, dims) : null;
                var idxArray = (long[]?)idx?._storage;
                if (x.dtype == ScalarType.Float32)
                    MaxPool2dKernel.Forward((float[])x._storage, x._offset, n * c, h, w, rows, cols, (float[])y._storage, idxArray);
                else
                    MaxPool2dKernel.Forward((double[])x._storage, x._offset, n * c, h, w, rows, cols, (double[])y._storage, idxArray);
                if (record) y.WithGradFn(new MaxPool2dBackward(input, idx!, caller == nameof(AdaptiveMaxPool2d) ? "AdaptiveMaxPool2DBackward0" : "MaxPool2DWithIndicesBackward0"));
                return (y, idx);
            }
        }
    }
}

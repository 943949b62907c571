using static Edu.Sdk.torch;

namespace Edu.Sdk.Nn;

/// <summary>2-d max pooling (see <c>torch.nn.functional.max_pool2d</c>); no parameters.</summary>
/// <param name="kernel_size">(kH, kW).</param>
/// <param name="stride">(sH, sW); the kernel size (non-overlapping windows) when null.</param>
/// <param name="padding">(pH, pW) of −∞ on each side.</param>
public class MaxPool2d((long H, long W) kernel_size, (long H, long W)? stride = null, (long H, long W) padding = default)
    : Module<Tensor, Tensor>
{
    /// <summary>(kH, kW).</summary>
    public (long H, long W) kernel_size { get; } = kernel_size;

    /// <summary>(sH, sW).</summary>
    public (long H, long W) stride { get; } = stride ?? kernel_size;

    /// <summary>(pH, pW).</summary>
    public (long H, long W) padding { get; } = padding;

    /// <summary>(N, C, H, W) or (C, H, W) to the window maxima, (N, C, OH, OW) or (C, OH, OW).</summary>
    public override Tensor forward(Tensor input) => nn.functional.max_pool2d(input, kernel_size, stride, padding);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"kernel_size=({kernel_size.H}, {kernel_size.W}), stride=({stride.H}, {stride.W}), padding=({padding.H}, {padding.W})";
}

/// <summary>
/// 2-d max pooling to a fixed output size (see <c>torch.nn.functional.adaptive_max_pool2d</c>), whatever the input's
/// height and width: the layer before Flatten in A5's CNN; no parameters.
/// </summary>
/// <param name="output_size">(OH, OW).</param>
public class AdaptiveMaxPool2d((long H, long W) output_size) : Module<Tensor, Tensor>
{
    /// <summary>(OH, OW).</summary>
    public (long H, long W) output_size { get; } = output_size;

    /// <summary>(N, C, H, W) or (C, H, W) to (N, C, OH, OW) or (C, OH, OW).</summary>
    public override Tensor forward(Tensor input) => nn.functional.adaptive_max_pool2d(input, output_size);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"output_size=({output_size.H}, {output_size.W})";
}

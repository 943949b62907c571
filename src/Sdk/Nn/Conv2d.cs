using static Edu.Sdk.torch;

namespace Edu.Sdk.Nn;

/// <summary>
/// A 2-d convolution layer (see <c>torch.nn.functional.conv2d</c>): <see cref="weight"/> of shape
/// (out_channels, in_channels, kH, kW) and <see cref="bias"/> of shape (out_channels). Initialised as PyTorch does:
/// every entry from U(−1/√fan_in, 1/√fan_in) with fan_in = in_channels · kH · kW.
/// </summary>
public class Conv2d : Module<Tensor, Tensor>
{
    readonly (long H, long W) _stride, _padding;

    /// <summary>A convolution from <paramref name="in_channels"/> to <paramref name="out_channels"/> channels.</summary>
    /// <param name="in_channels">Channels of the input (C in (N, C, H, W)).</param>
    /// <param name="out_channels">Channels of the output: the number of filters.</param>
    /// <param name="kernel_size">(kH, kW).</param>
    /// <param name="stride">(sH, sW): the step between windows.</param>
    /// <param name="padding">(pH, pW): zeros added on each side.</param>
    /// <param name="bias">False for a layer without bias.</param>
    /// <param name="dtype">Float32 (the default dtype when null) or Float64.</param>
    public Conv2d(long in_channels, long out_channels, (long H, long W) kernel_size, (long H, long W) stride, (long H, long W) padding,
        bool bias = true, ScalarType? dtype = null)
    {
        if (in_channels <= 0 || out_channels <= 0 || kernel_size.H <= 0 || kernel_size.W <= 0)
            throw new ArgumentException(
                $"Conv2d: channels and kernel sizes must be positive, got in_channels {in_channels}, out_channels {out_channels}, kernel {kernel_size.H}x{kernel_size.W}.");
        if (stride.H <= 0 || stride.W <= 0 || padding.H < 0 || padding.W < 0)
            throw new ArgumentException($"Conv2d: stride must be positive and padding non-negative, got stride {stride.H}x{stride.W}, padding {padding.H}x{padding.W}.");
        this.in_channels = in_channels;
        this.out_channels = out_channels;
        this.kernel_size = kernel_size;
        _stride = stride;
        _padding = padding;
        var type = dtype ?? get_default_dtype();
        weight = new Parameter(empty([out_channels, in_channels, kernel_size.H, kernel_size.W], type));
        // As Linear: kaiming_uniform_(a = √5) gives bound 1/√fan_in, fan_in = in_channels · kH · kW.
        nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias)
        {
            double bound = 1 / Math.Sqrt(in_channels * kernel_size.H * kernel_size.W);
            this.bias = new Parameter(empty([out_channels], type));
            nn.init.uniform_(this.bias, -bound, bound);
        }
    }

    /// <summary>Channels of the input.</summary>
    public long in_channels { get; }

    /// <summary>Channels of the output.</summary>
    public long out_channels { get; }

    /// <summary>(kH, kW).</summary>
    public (long H, long W) kernel_size { get; }

    /// <summary>The filters, (out_channels, in_channels, kH, kW).</summary>
    public Parameter weight { get; set; }

    /// <summary>One bias per output channel, or null.</summary>
    public Parameter? bias { get; set; }

    /// <summary>(N, C, H, W) or (C, H, W) to (N, O, OH, OW) or (O, OH, OW); OH = ⌊(H + 2·pH − kH) / sH⌋ + 1.</summary>
    public override Tensor forward(Tensor input) => nn.functional.conv2d(input, weight, bias, _stride, _padding);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"{in_channels}, {out_channels}, kernel_size=({kernel_size.H}, {kernel_size.W}), stride=({_stride.H}, {_stride.W})" +
        (_padding == (0, 0) ? "" : $", padding=({_padding.H}, {_padding.W})") + (bias is null ? ", bias=False" : "");
}

namespace Edu.Sdk.Training;

/// <summary>
/// A5's network configuration: the convolutional layers (channels, kernel sizes, strides, one entry per layer) and
/// the hidden dense layers' widths. An MLP reads only <paramref name="DenseHiddens"/>.
/// </summary>
/// <param name="Channels">Output channels of each conv layer, e.g. (16, 32, 45).</param>
/// <param name="KernelSizes">Each conv layer's square kernel side, e.g. (3, 3, 3).</param>
/// <param name="Strides">Each conv layer's stride, e.g. (1, 1, 1).</param>
/// <param name="DenseHiddens">The hidden dense layers' widths, e.g. (128) or (128, 128).</param>
/// <param name="Paddings">Each conv layer's zero padding (none when null): padding 1 with kernels of 3 keeps small images (8x8 digits) large enough for three pooled conv layers.</param>
/// <example>
/// <code>
/// var cnn = new NetworkConfiguration([16, 32, 45], [3, 3, 3], [1, 1, 1], [128]);
/// var mlp = new NetworkConfiguration([], [], [], [128, 128]);
/// var small = cnn with { Paddings = [1, 1, 1] };
/// </code>
/// </example>
public sealed record NetworkConfiguration(IReadOnlyList<int> Channels, IReadOnlyList<int> KernelSizes, IReadOnlyList<int> Strides,
    IReadOnlyList<int> DenseHiddens, IReadOnlyList<int>? Paddings = null)
{
    /// <summary>An MLP's configuration: no conv layers, hidden dense layers of the given widths.</summary>
    public static NetworkConfiguration Mlp(params int[] denseHiddens) => new([], [], [], denseHiddens);

    /// <summary>E.g. <c>channels (16, 32, 45), kernels (3, 3, 3), strides (1, 1, 1), dense (128)</c>.</summary>
    public override string ToString()
    {
        static string L(IReadOnlyList<int> l) => "(" + string.Join(", ", l) + ")";
        var s = $"channels {L(Channels)}, kernels {L(KernelSizes)}, strides {L(Strides)}";
        if (Paddings is not null) s += $", paddings {L(Paddings)}";
        return s + $", dense {L(DenseHiddens)}";
    }
}

using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>The first layer of an A5 CNN: views each example (flat or not) as a (channels, height, width) image, without copying.</summary>
internal sealed class ImageShape(int channels, int height, int width) : Module<Tensor, Tensor>
{
    public override Tensor forward(Tensor input)
    {
        long per = (long)channels * height * width;
        if (input.dim() == 0 || input.numel() != input.size(0) * per)
            throw new ArgumentException($"Trainer: each example must hold {channels}x{height}x{width} = {per} values (the input shape the Trainer was built for); got a batch of shape ({string.Join(", ", input.shape)}).");
        return input.reshape(input.size(0), channels, height, width);
    }

    protected override string ExtraRepr() => $"channels={channels}, height={height}, width={width}";
}

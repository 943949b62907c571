using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>
/// Re-draws a model's <see cref="Linear"/> and <see cref="Conv2d"/> parameters from a given generator, as PyTorch
/// initialises them (every entry of W and b from U(−1/√fan_in, 1/√fan_in)). Layers draw from the global default
/// generator when built; this makes a model depend only on the given generator's seed, which is what a grid
/// training cells on two threads at once needs.
/// </summary>
public static class Initialization
{
    /// <summary>Re-initialises every Linear and Conv2d of <paramref name="model"/> from <paramref name="generator"/>, in module order.</summary>
    /// <param name="model">The model (its submodules are visited depth first).</param>
    /// <param name="generator">The random source, e.g. <c>new torch.Generator(seed)</c>.</param>
    /// <returns>The model, for chaining.</returns>
    public static T Reset<T>(T model, Generator generator) where T : Module
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(generator);
        using var _ = no_grad();
        foreach (var m in model.modules())
        {
            switch (m)
            {
                case Linear linear:
                    Draw(linear.weight, linear.bias, linear.in_features, generator);
                    break;
                case Conv2d conv:
                    Draw(conv.weight, conv.bias, conv.in_channels * conv.kernel_size.H * conv.kernel_size.W, generator);
                    break;
            }
        }
        return model;
    }

    static void Draw(Parameter weight, Parameter? bias, long fanIn, Generator generator)
    {
        double bound = 1 / Math.Sqrt(fanIn);
        nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5), generator: generator);   // = U(−1/√fan_in, 1/√fan_in)
        if (bias is not null) nn.init.uniform_(bias, -bound, bound, generator);
    }
}

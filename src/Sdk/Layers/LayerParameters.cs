using Edu.Sdk.Nn;

namespace Edu.Sdk.Layers;

/// <summary>What a layer does with its own parameters as a group. Used by generated code (<c>zero_grad()</c>).</summary>
public static class LayerParameters
{
    /// <summary>
    /// Sets each parameter's gradient to zero, keeping its buffer for the next backward; a gradient not yet allocated
    /// stays null. The zeros are written lazily (the generated backward overwrites instead of adding to them; see
    /// <see cref="torch.Tensor.grad"/>). The arguments are passed as a span: a training step allocates nothing.
    /// </summary>
    public static void ZeroGrad(params ReadOnlySpan<Parameter> parameters)
    {
        foreach (var p in parameters) p.ZeroGradDeferred();
    }
}

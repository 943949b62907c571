using Edu.Sdk.Nn;

namespace Edu.Sdk.Layers;

/// <summary>What a layer does with its own parameters as a group. Used by generated code (<c>parameters()</c>, <c>zero_grad()</c>).</summary>
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

    /// <summary>
    /// <paramref name="parameters"/> with each parameter once, at its first place: a parameter shared by two fields or
    /// two sub-layers (tied weights) is one tensor to learn, listed once as <c>nn.Module</c> and PyTorch list it, so an
    /// optimizer updates it once. The list itself when nothing repeats (the usual case).
    /// </summary>
    /// <remarks>
    /// A repeated parameter is also marked shared: an SGD stepping in the backward (<c>step_in_backward</c>) then
    /// leaves it to <c>step()</c>, since the backward of its other place may still read it.
    /// </remarks>
    public static IReadOnlyList<Parameter> Distinct(IReadOnlyList<Parameter> parameters) =>
        Repeats(parameters, p => p) ? [.. parameters.Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter>()] : parameters;

    /// <summary>The named parameters with each parameter once, under its first name (<see cref="Distinct(IReadOnlyList{Parameter})"/>).</summary>
    public static IReadOnlyList<(string name, Parameter parameter)> Distinct(IReadOnlyList<(string name, Parameter parameter)> parameters) =>
        Repeats(parameters, p => p.parameter) ? [.. parameters.DistinctBy(p => (object)p.parameter, ReferenceEqualityComparer.Instance)] : parameters;

    // Layers have a handful of parameters: pairs, without a set. Marks each repeated one shared.
    static bool Repeats<T>(IReadOnlyList<T> items, Func<T, Parameter> parameter)
    {
        bool any = false;
        for (int i = 1; i < items.Count; i++)
            for (int j = 0; j < i; j++)
                if (ReferenceEquals(parameter(items[i]), parameter(items[j])))
                {
                    parameter(items[i]).SharedByLayers = true;
                    any = true;
                    break;
                }
        return any;
    }
}

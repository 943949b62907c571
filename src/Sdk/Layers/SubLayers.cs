using Edu.Sdk.Nn;

namespace Edu.Sdk.Layers;

/// <summary>
/// What a generated layer does with the sub-layers held in its fields (one layer, or an array or list of them):
/// their parameters are its parameters, and zero_grad, train and eval reach them. Used by generated code.
/// </summary>
public static class SubLayers
{
    /// <summary>The parameters of every layer of <paramref name="layers"/>, in order.</summary>
    public static IEnumerable<Parameter> Parameters(IReadOnlyList<ILayer> layers)
    {
        for (int i = 0; i < layers.Count; i++)
            foreach (var p in layers[i].parameters()) yield return p;
    }

    /// <summary>The named parameters of <paramref name="layer"/>, prefixed with the field's name (<c>first.w</c>).</summary>
    public static IEnumerable<(string name, Parameter parameter)> Named(string field, ILayer layer) =>
        layer.named_parameters().Select(p => (field + "." + p.name, p.parameter));

    /// <summary>The named parameters of each layer, prefixed with the field's name and the index (<c>hidden.0.w</c>).</summary>
    public static IEnumerable<(string name, Parameter parameter)> Named(string field, IReadOnlyList<ILayer> layers)
    {
        for (int i = 0; i < layers.Count; i++)
            foreach (var p in Named(field + "." + i.ToString(System.Globalization.CultureInfo.InvariantCulture), layers[i])) yield return p;
    }

    /// <summary>zero_grad on every layer.</summary>
    public static void ZeroGrad(IReadOnlyList<ILayer> layers)
    {
        for (int i = 0; i < layers.Count; i++) layers[i].zero_grad();
    }

    /// <summary>train(mode) on every layer.</summary>
    public static void Train(IReadOnlyList<ILayer> layers, bool mode)
    {
        for (int i = 0; i < layers.Count; i++) layers[i].train(mode);
    }

    /// <summary>
    /// Throws when one layer object appears twice in <paramref name="layers"/>: a generated layer keeps the values of its
    /// latest forward only, so the earlier iteration's backward would read the later one's values.
    /// </summary>
    public static void RequireDistinct(IReadOnlyList<ILayer> layers, string field)
    {
        for (int i = 1; i < layers.Count; i++)
            for (int j = 0; j < i; j++)
                if (ReferenceEquals(layers[i], layers[j]))
                    throw new InvalidOperationException(
                        $"{field}[{j}] and {field}[{i}] are the same layer object; a generated layer keeps the values of one forward only, so give each iteration its own layer (new ... for each element).");
    }
}

using static Edu.Sdk.torch;

namespace Edu.Sdk.Layers;

public sealed partial class LayerWorkspace
{
    // What the latest training forward kept: its result, and each sub-layer it ran with that sub-layer's forward count
    // and mode at the end of it (a sub-layer keeps the values of its own latest forward only).
    Tensor? _output;
    int _forwards;
    readonly List<(IGeneratedLayer Layer, int Forwards, bool Training)> _subLayers = [];

    /// <summary>
    /// How many training forwards this layer has run. A tape node over the layer (<see cref="LayerFunction"/>) notes it
    /// when recorded and compares it when going back: another forward since then replaced the values it needs.
    /// </summary>
    public int Forwards => _forwards;

    /// <summary>
    /// Ends a training forward whose result is <paramref name="output"/> and which ran <paramref name="subLayers"/>
    /// (each a generated layer, or a list of them): from now on what the layer keeps is this forward's, its backward
    /// takes a dL/dy of this shape, and it checks that the sub-layers still hold what this forward left in them.
    /// </summary>
    public void EndForward(Tensor output, params ReadOnlySpan<object> subLayers)
    {
        _output = output;
        _forwards++;
        _subLayers.Clear();
        foreach (var s in subLayers)
        {
            if (s is IGeneratedLayer layer) _subLayers.Add((layer, layer.ForwardCount, layer.training));
            else if (s is IReadOnlyList<ILayer> list)
                for (int i = 0; i < list.Count; i++)
                    if (list[i] is IGeneratedLayer element) _subLayers.Add((element, element.ForwardCount, element.training));
        }
    }

    /// <summary>
    /// dL/dy = 1 in the shape of the latest training forward's result, for <c>backward()</c> from a scalar loss of
    /// <paramref name="layer"/>: the buffer <paramref name="name"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No training forward ran.</exception>
    public Tensor OnesLikeOutput(string name, string layer) =>
        _output is null
            ? throw NoForward(layer)
            : OnesLike(name, _output);

    static InvalidOperationException NoForward(string layer) =>
        new($"{layer}.backward: run forward (in training mode) first; backward reads the values it kept.");

    /// <summary>
    /// Starts the backward of <paramref name="layer"/>: a training forward must have kept its values, dL/dy must have
    /// that forward's result's shape (any one-element dL/dy for a one-element result, as <c>backward()</c> takes), and
    /// every sub-layer must still hold the values of its part of that forward.
    /// </summary>
    /// <remarks>
    /// A sub-layer's values are gone when one layer object is used in two places (two fields holding it, one sub-layer
    /// given to two layers: the second use's forward replaced the first's), when it ran forward again on its own since,
    /// or when it was in evaluation mode (its forward kept nothing). Each would give a wrong gradient, so each is
    /// refused, with what to do.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No training forward ran, or a sub-layer no longer holds this forward's values.</exception>
    /// <exception cref="ArgumentException">dL/dy's shape is not the result's.</exception>
    public void BeginBackward(string layer, Tensor dL_dy)
    {
        if (_output is null) throw NoForward(layer);
        if (!dL_dy.Dims.SequenceEqual(_output.Dims) && !(dL_dy.numel() == 1 && _output.numel() == 1))
            throw new ArgumentException(
                $"{layer}.backward: the gradient has shape ({dL_dy.ShapeText}) but the output has shape ({_output.ShapeText}); they must match.");
        for (int i = 0; i < _subLayers.Count; i++)
        {
            var (sub, forwards, training) = _subLayers[i];
            string name = sub.GetType().Name;
            for (int j = 0; j < i; j++)
                if (ReferenceEquals(_subLayers[j].Layer, sub))
                    throw new InvalidOperationException(
                        $"{layer}.backward: one {name} object is used in two places of {layer} (two fields holding it, or twice in a list), and a generated layer keeps the values of its latest forward only, " +
                        "so the backward of its first use would read the second's. Give each place its own layer object.");
            if (!training)
                throw new InvalidOperationException(
                    $"{layer}.backward: its sub-layer {name} was in evaluation mode during the forward (eval()), so it kept nothing for this backward. " +
                    $"Put it back in training mode ({layer}'s train() sets every sub-layer), or train without it.");
            if (sub.ForwardCount != forwards)
                throw new InvalidOperationException(
                    $"{layer}.backward: its sub-layer {name} ran forward again after {layer}'s forward, and a generated layer keeps the values of its latest forward only. " +
                    $"Run {layer}'s backward before using the sub-layer again; if one {name} object sits in two places of the model (given to two layers), give each place its own.");
        }
    }
}

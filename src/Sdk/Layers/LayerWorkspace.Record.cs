using static Edu.Sdk.torch;

namespace Edu.Sdk.Layers;

public sealed partial class LayerWorkspace
{
    // What the latest training forward kept: its result, and each sub-layer call it made with that sub-layer's forward
    // count right after the call (a sub-layer keeps the values of its own latest forward only).
    Tensor? _output;
    int _forwards;
    bool _evaluatedLast;
    readonly List<(IGeneratedLayer Layer, int Forwards)> _calls = [];

    /// <summary>
    /// How many training forwards this layer has run. A tape node over the layer (<see cref="LayerFunction"/>) notes it
    /// when recorded and compares it when going back: another forward since then replaced the values it needs.
    /// </summary>
    public int Forwards => _forwards;

    /// <summary>Starts a training forward that calls sub-layers: the calls noted from here on are this forward's.</summary>
    public void BeginForward() => _calls.Clear();

    /// <summary>
    /// Notes a call of <paramref name="subLayer"/> just made by this forward: its backward will go back through the
    /// sub-layer, which must then still hold the values of this call.
    /// </summary>
    public void Called(IGeneratedLayer subLayer) => _calls.Add((subLayer, subLayer.ForwardCount));

    /// <summary>
    /// Ends a training forward whose result is <paramref name="output"/>: from now on what the layer keeps is this
    /// forward's, and its backward takes a dL/dy of this shape.
    /// </summary>
    public void EndForward(Tensor output)
    {
        _output = output;
        _forwards++;
        _evaluatedLast = false;
    }

    /// <summary>
    /// Notes an evaluation forward (after <c>eval()</c>): it keeps nothing, so a backward now would read an older
    /// training forward's values, and is refused until a training forward runs again.
    /// </summary>
    public void EvaluationForward() => _evaluatedLast = true;

    // Set by a tape node for the backward it starts: the node checked that the layer's latest training forward is the
    // one it recorded, which an evaluation forward since (keeping nothing) did not disturb. Only the first
    // BeginBackward, the node's own layer's, reads it: its sub-layers are checked as usual.
    [ThreadStatic] static bool t_recordedForward;

    /// <summary>For <see cref="LayerNode"/>: the backward about to run goes back through the forward the node recorded.</summary>
    internal static RecordedForwardScope BackwardOfRecordedForward()
    {
        t_recordedForward = true;
        return default;
    }

    internal readonly struct RecordedForwardScope : IDisposable
    {
        public void Dispose() => t_recordedForward = false;
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
    /// Starts the backward of <paramref name="layer"/>: the latest forward must be a training forward, dL/dy must have
    /// its result's shape, and every sub-layer must still hold the values of its part of it. Returns dL/dy, in the
    /// result's shape when it came as a 0-d number for a one-element result (as <c>backward()</c> from a loss seeds it).
    /// </summary>
    /// <remarks>
    /// A sub-layer's values are gone when one layer object is used in two places (two fields holding it, one sub-layer
    /// given to two layers, or called here and inside another sub-layer: the second use's forward replaced the first's),
    /// or when it ran forward again on its own since; a sub-layer in evaluation mode refuses its own backward. Each
    /// would give a wrong gradient, so each is refused, with what to do. The check costs one comparison per call.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The latest forward was not a training forward, or a sub-layer no longer holds its values.</exception>
    /// <exception cref="ArgumentException">dL/dy's shape is not the result's.</exception>
    public Tensor BeginBackward(string layer, Tensor dL_dy)
    {
        bool recorded = t_recordedForward;
        t_recordedForward = false;
        if (_evaluatedLast && !recorded)
            throw new InvalidOperationException(
                $"{layer}.backward: the latest forward ran in evaluation mode (after eval()), which keeps nothing for a backward. " +
                "Call train() before the forward to go back through (Trainer.Fit and validation loops leave a model in evaluation mode).");
        if (_output is null) throw NoForward(layer);
        if (!dL_dy.Dims.SequenceEqual(_output.Dims))
        {
            // backward() from a one-element loss seeds a 0-d 1 (Trainer.Fit does): the same number in the result's shape.
            if (dL_dy.dim() != 0 || _output.numel() != 1)
                throw new ArgumentException(
                    $"{layer}.backward: the gradient has shape ({dL_dy.ShapeText}) but the output has shape ({_output.ShapeText}); they must match.");
            dL_dy = Like("dL/dy in the output's shape", _output).fill_(dL_dy.ToDouble());
        }
        for (int i = 0; i < _calls.Count; i++)
        {
            var (sub, forwards) = _calls[i];
            if (sub.ForwardCount == forwards) continue;
            string name = sub.GetType().Name;
            // A later call of the same object is what moved its count: that message says more than "ran forward again".
            for (int j = i + 1; j < _calls.Count; j++)
                if (ReferenceEquals(_calls[j].Layer, sub))
                    throw new InvalidOperationException(
                        $"{layer}.backward: one {name} object is used in two places of {layer} (two fields holding it, or twice in a list), and a generated layer keeps the values of its latest forward only, " +
                        "so the backward of its first use would read the second's. Give each place its own layer object.");
            throw new InvalidOperationException(
                $"{layer}.backward: its sub-layer {name} ran forward again after {layer} called it, and a generated layer keeps the values of its latest forward only. " +
                $"Run {layer}'s backward before using the sub-layer again; if one {name} object sits in two places of the model (given to two layers, or called here and inside another sub-layer), give each place its own.");
        }
        return dL_dy;
    }
}

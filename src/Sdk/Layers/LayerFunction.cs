using Edu.Sdk.Autograd;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Layers;

/// <summary>
/// Puts a generated layer on the autograd tape as one node: the forward runs the layer's fused code, and the
/// node's backward calls the layer's generated backward. So a generated layer can sit inside a model trained with
/// <c>loss.backward()</c>, and <c>torch.autograd.grad</c> and <c>GradCheck</c> see through it.
/// </summary>
/// <remarks>
/// The layer keeps the values of its latest forward only: a graph that calls the same layer twice cannot go back
/// through the first call, and the node says so instead of returning a wrong gradient.
/// </remarks>
public static class LayerFunction
{
    /// <summary>Runs <paramref name="layer"/> on <paramref name="inputs"/>, recording one tape node when gradients are wanted.</summary>
    public static Tensor Apply(IGeneratedLayer layer, params Tensor[] inputs)
    {
        if (inputs.Length != layer.InputNames.Count)
            throw new ArgumentException($"{layer.GetType().Name}: takes {layer.InputNames.Count} input(s) ({string.Join(", ", layer.InputNames)}), got {inputs.Length}.");
        // Inference (eval or no_grad) records nothing, so it does not build the parameter list.
        var parameters = GradMode.Enabled && layer.training ? layer.parameters() : null;
        bool record = parameters is not null && (AnyInputRequiresGrad(layer, inputs) || parameters.Any(p => p.requires_grad));
        Tensor y;
        using (no_grad()) y = layer.Forward(inputs);
        if (parameters is null || !record) return y;
        // Every training forward replaces what the layer kept, this one's or a direct layer.forward(x) later, on any
        // batch size: the node notes the count, and an older graph refuses to go back rather than use newer values.
        var node = new LayerNode(layer, inputs, parameters, layer.ForwardCount);
        // The layer's output buffer is reused by its next forward: the graph gets its own copy.
        return y.clone().detach().WithGradFn(node);
    }

    static bool AnyInputRequiresGrad(IGeneratedLayer layer, Tensor[] inputs)
    {
        for (int i = 0; i < inputs.Length; i++)
            if (layer.InputsDifferentiable[i] && inputs[i].requires_grad) return true;
        return false;
    }
}

/// <summary>The tape node of a generated layer: its inputs are the layer's inputs, then its parameters.</summary>
internal sealed class LayerNode : Node
{
    readonly IGeneratedLayer _layer;
    readonly int _inputs;
    readonly int _forwardCount;

    /// <param name="layer">The generated layer the node goes back through.</param>
    /// <param name="inputs">The layer's inputs (the node's first inputs; non-differentiable ones are not followed).</param>
    /// <param name="parameters">The layer's parameters (the node's last inputs).</param>
    /// <param name="forwardCount">
    /// The layer's <see cref="IGeneratedLayer.ForwardCount"/> after this node's forward: any later training forward,
    /// also one called directly as <c>layer.forward(x)</c> rather than through <see cref="LayerFunction.Apply"/>, moves it.
    /// </param>
    public LayerNode(IGeneratedLayer layer, Tensor[] inputs, IReadOnlyList<Nn.Parameter> parameters, int forwardCount)
        : base([.. inputs.Select((t, i) => layer.InputsDifferentiable[i] ? t : null), .. parameters])
    {
        _layer = layer;
        _inputs = inputs.Length;
        _forwardCount = forwardCount;
    }

    public override string name() => _layer.GetType().Name + "Backward";

    internal override Tensor?[] Backward(Tensor grad, GradSink sink)
    {
        if (_layer.ForwardCount != _forwardCount)
            throw new InvalidOperationException(
                $"backward: {_layer.GetType().Name} ran forward again after this graph was recorded, and a generated layer keeps the values of its latest forward only. " +
                "Call backward before the next forward, or use a separate layer object for each call.");
        var result = new Tensor?[Inputs.Length];
        bool wantInputs = false;
        for (int i = 0; i < _inputs; i++) wantInputs |= Needs(i);
        var parameters = Inputs.Skip(_inputs).Cast<Nn.Parameter>().ToArray();
        // No SGD step inside the generated backward: another node of the graph may still read the parameters.
        using var noSteps = StepsInBackward.Suspend();
        if (sink.Enabled)
        {
            // loss.backward(): the generated backward adds straight into each parameter's grad, as the tape would.
            Tensor?[] g;
            using (LayerWorkspace.BackwardOfRecordedForward()) g = _layer.Backward(grad, wantInputs);
            for (int i = 0; i < _inputs; i++) result[i] = Needs(i) ? g[i]?.clone() : null;
            for (int i = _inputs; i < Inputs.Length; i++) result[i] = Inputs[i] is null ? null : GradSink.Accumulated;
            return result;
        }
        // torch.autograd.grad: gradients are returned, not accumulated; give the backward fresh grads and take them back.
        var kept = parameters.Select(p => p?.GradValue).ToArray();
        foreach (var p in parameters) if (p is not null) p.grad = null;
        try
        {
            Tensor?[] g;
            using (LayerWorkspace.BackwardOfRecordedForward()) g = _layer.Backward(grad, wantInputs);
            for (int i = 0; i < _inputs; i++) result[i] = Needs(i) ? g[i]?.clone() : null;
            for (int i = 0; i < parameters.Length; i++) result[_inputs + i] = parameters[i]?.GradValue;
        }
        finally
        {
            for (int i = 0; i < parameters.Length; i++) if (parameters[i] is { } p) p.SetGrad(kept[i]);
        }
        return result;
    }
}

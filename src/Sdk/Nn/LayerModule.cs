using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Nn;

/// <summary>
/// A generated layer (<see cref="LayerAttribute"/>) seen as an <c>nn</c> module, so it can sit in
/// <see cref="Sequential"/> beside <c>nn.Flatten</c>, <c>nn.ReLU</c> or <c>nn.Linear</c>. Made by
/// <c>torch.nn.Layer(layer)</c>:
/// <code>
/// var model = nn.Sequential(nn.Flatten(), nn.Layer(new Mlp(784, 100, 10)));
/// </code>
/// </summary>
/// <remarks>
/// <para>
/// <see cref="forward"/> runs the layer as one node of the autograd tape (<see cref="LayerFunction"/>), so
/// <c>loss.backward()</c> goes through the layer's generated backward. The parameters are the layer's own objects
/// under the layer's names (<c>w1</c>, <c>hidden.0.w</c>), prefixed as usual inside a container (<c>1.hidden.0.w</c>):
/// optimizers, <c>state_dict</c>, <c>load_state_dict</c> and checkpoints reach the layer's fields. <c>train()</c> and
/// <c>eval()</c> on the container switch the layer too.
/// </para>
/// <para>
/// In evaluation mode the layer runs its plain method under <c>no_grad</c> and keeps nothing, so nothing is recorded
/// for a backward (unlike a PyTorch module in eval mode). The layer keeps the values of its latest forward only: put
/// a layer object in a model once, and call <c>backward</c> before its next forward.
/// </para>
/// </remarks>
public sealed class LayerModule : Module<Tensor, Tensor>
{
    /// <summary>Wraps <paramref name="layer"/>, which must take one input, a differentiable one.</summary>
    /// <exception cref="ArgumentException">The layer takes several inputs, or its input is <see cref="NonDifferentiableAttribute"/>.</exception>
    public LayerModule(IGeneratedLayer layer) : base(TypeNameOf(layer))
    {
        var inputs = layer.InputNames;
        if (inputs.Count != 1 || !layer.InputsDifferentiable[0])
            throw new ArgumentException(
                $"nn.Layer: {layer.GetType().Name} takes {inputs.Count} input(s) ({string.Join(", ", inputs)}){(inputs.Count == 1 ? ", not differentiable" : "")}, " +
                "but a module in nn.Sequential takes one differentiable input. " +
                $"Call the layer's call({string.Join(", ", inputs)}) from the forward of a module of your own instead.",
                nameof(layer));
        Layer = layer;
        SetTraining(layer.training);
    }

    /// <summary>The wrapped layer (its fields are the parameters this module lists).</summary>
    public IGeneratedLayer Layer { get; }

    /// <summary>
    /// The layer's output for <paramref name="input"/>, recorded on the tape as one node when gradients are wanted
    /// (training mode, grad mode on, and the input or a parameter requires grad).
    /// </summary>
    public override Tensor forward(Tensor input)
    {
        var y = LayerFunction.Apply(Layer, input);
        // Off the tape in training mode (under no_grad) the result is the layer's buffer, which its next forward
        // overwrites; a module's result is the caller's to keep, as everywhere else in nn.
        return y.grad_fn is null && Layer.training ? y.clone() : y;
    }

    internal override void SetTraining(bool mode)
    {
        base.SetTraining(mode);
        Layer.train(mode);
    }

    internal override void CollectHeldParameters(List<(string Name, Parameter Parameter)> into, Func<Parameter, Parameter>? map)
    {
        foreach (var (name, p) in Layer.named_parameters())
        {
            if (map is not null && !ReferenceEquals(map(p), p)) throw CannotConvert(name, p);
            into.Add((name, p));
        }
    }

    /// <summary>Throws unless every parameter of the layer already has dtype <paramref name="type"/> (nn cannot replace them).</summary>
    internal void CheckConvertible(ScalarType type)
    {
        foreach (var (name, p) in Layer.named_parameters())
            if (p.dtype != type) throw CannotConvert(name, p);
    }

    InvalidOperationException CannotConvert(string name, Parameter p) => new(
        $"to: {GetName()}'s parameter '{name}' is {p.dtype}, and a generated layer's parameters live in its own fields, which nn cannot replace. " +
        "Create the layer's parameters in the dtype you want instead; nothing was converted.");

    /// <summary>Each parameter's name and shape, e.g. <c>w1: 784x100, b1: 100</c>.</summary>
    protected override string ExtraRepr() =>
        string.Join(", ", Layer.named_parameters().Select(p => $"{p.name}: {p.parameter.ShapeText}"));

    static string TypeNameOf(IGeneratedLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.GetType().Name;
    }
}

using Edu.Sdk.Nn;

namespace Edu.Sdk.Layers;

/// <summary>
/// The module surface every layer has, spelled as in TorchSharp: its parameters, zeroing their gradients, and the
/// training/evaluation switch. Generated layers (<see cref="LayerAttribute"/>) implement it, and so may hand-written
/// ones. It does not derive from the <c>nn</c> module base: a manual-mode assignment may use it.
/// </summary>
public interface ILayer
{
    /// <summary>The learnable tensors, in declaration order.</summary>
    IReadOnlyList<Parameter> parameters();

    /// <summary>The learnable tensors with their field names, in declaration order (sub-layers' names are prefixed, <c>layers.0.w</c>).</summary>
    IReadOnlyList<(string name, Parameter parameter)> named_parameters();

    /// <summary>Sets every parameter's gradient to zero (a gradient not yet allocated stays null).</summary>
    void zero_grad();

    /// <summary>True while training (the default); <see cref="eval"/> switches to the lean inference forward.</summary>
    bool training { get; }

    /// <summary>Switches to training mode (or to evaluation mode when <paramref name="mode"/> is false).</summary>
    void train(bool mode = true);

    /// <summary>Switches to evaluation mode: <c>forward</c> keeps nothing for a backward.</summary>
    void eval();
}

/// <summary>
/// A layer whose backward the source generator derived. The members are spelled for tools (the tape adapter
/// <see cref="LayerFunction"/>, gradient checks, containers); students call the generated <c>forward</c> and
/// <c>backward</c>, which have one argument per input.
/// </summary>
public interface IGeneratedLayer : ILayer
{
    /// <summary>The names of the inputs of the <see cref="DifferentiableAttribute"/> method, in order.</summary>
    IReadOnlyList<string> InputNames { get; }

    /// <summary>For each input, whether <c>backward</c> returns a gradient for it (false for <see cref="NonDifferentiableAttribute"/> inputs).</summary>
    IReadOnlyList<bool> InputsDifferentiable { get; }

    /// <summary>The training forward over all inputs, in order.</summary>
    torch.Tensor Forward(IReadOnlyList<torch.Tensor> inputs);

    /// <summary>
    /// Adds dL/d(parameter) into each parameter's <c>grad</c> and, when <paramref name="inputGradients"/>, returns
    /// dL/d(input) for each input (null for non-differentiable ones, or for all when not asked).
    /// </summary>
    torch.Tensor?[] Backward(torch.Tensor dL_dy, bool inputGradients = true);

    /// <summary>The generated backward's source text, with its comments: the derivation, for reading.</summary>
    string DescribeBackward();

    /// <summary>
    /// How many training forwards the layer has run. A tape node over the layer notes it when recorded and, going back,
    /// refuses when another forward has replaced the values it needs.
    /// </summary>
    int ForwardCount { get; }
}

namespace Edu.Sdk.Nn;

/// <summary>
/// A module with one input, TorchSharp's common base (<c>Module&lt;Tensor, Tensor&gt;</c> for layers): write
/// <see cref="forward"/>, call it as <c>model.forward(x)</c> (or <c>model.call(x)</c>, TorchSharp's spelling).
/// </summary>
/// <typeparam name="TIn">The input type, usually <see cref="torch.Tensor"/>.</typeparam>
/// <typeparam name="TOut">The output type, usually <see cref="torch.Tensor"/>.</typeparam>
public abstract class Module<TIn, TOut> : Module
{
    /// <summary>A module named after its type.</summary>
    protected Module() { }

    /// <summary>A module with a name, as TorchSharp's <c>Module(string name)</c>.</summary>
    protected Module(string name) : base(name) { }

    /// <summary>Computes the output from <paramref name="input"/>; ops on parameters are recorded for backward.</summary>
    public abstract TOut forward(TIn input);

    /// <summary>The same as <see cref="forward"/> (TorchSharp's entry point, which also runs hooks there).</summary>
    public TOut call(TIn input) => forward(input);
}

/// <summary>A module with two inputs, such as a loss: <c>forward(input, target)</c>.</summary>
/// <typeparam name="TIn1">The first input type (a loss's prediction).</typeparam>
/// <typeparam name="TIn2">The second input type (a loss's target).</typeparam>
/// <typeparam name="TOut">The output type.</typeparam>
public abstract class Module<TIn1, TIn2, TOut> : Module
{
    /// <summary>A module named after its type.</summary>
    protected Module() { }

    /// <summary>A module with a name, as TorchSharp's <c>Module(string name)</c>.</summary>
    protected Module(string name) : base(name) { }

    /// <summary>Computes the output from the two inputs.</summary>
    public abstract TOut forward(TIn1 input1, TIn2 input2);

    /// <summary>The same as <see cref="forward"/>.</summary>
    public TOut call(TIn1 input1, TIn2 input2) => forward(input1, input2);
}

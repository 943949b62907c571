using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>An <see cref="IManualModel"/> made of delegates, for a model written as a few functions rather than a class.</summary>
/// <example>
/// <code>
/// var model = new ManualModel([("w", w), ("b", b)],
///     forward: x =&gt; x.matmul(w) + b,
///     loss: (yhat, y) =&gt; (yhat - y).pow(2).mean().ToDouble(),
///     backward: (x, yhat, y) =&gt; { var g = (yhat - y) * (2.0 / y.numel()); w.grad = x.T.matmul(g); b.grad = g.sum(0); });
/// </code>
/// </example>
public sealed class ManualModel : IManualModel
{
    readonly IReadOnlyList<(string name, Parameter parameter)> _parameters;
    readonly Func<Tensor, Tensor> _forward;
    readonly Func<Tensor, Tensor, double> _loss;
    readonly Action<Tensor, Tensor, Tensor> _backward;

    /// <summary>A model of the given parameters and functions.</summary>
    /// <param name="parameters">The parameters with names.</param>
    /// <param name="forward">x → output.</param>
    /// <param name="loss">(output, target) → mean loss.</param>
    /// <param name="backward">(x, output, target) → writes each parameter's grad.</param>
    public ManualModel(IReadOnlyList<(string name, Parameter parameter)> parameters, Func<Tensor, Tensor> forward,
        Func<Tensor, Tensor, double> loss, Action<Tensor, Tensor, Tensor> backward)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(backward);
        (_parameters, _forward, _loss, _backward) = (parameters, forward, loss, backward);
    }

    /// <inheritdoc/>
    public IReadOnlyList<(string name, Parameter parameter)> named_parameters() => _parameters;

    /// <inheritdoc/>
    public Tensor forward(Tensor x) => _forward(x);

    /// <inheritdoc/>
    public double loss(Tensor output, Tensor target) => _loss(output, target);

    /// <inheritdoc/>
    public void backward(Tensor x, Tensor output, Tensor target) => _backward(x, output, target);
}

using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace SoftmaxRegression;

/// <summary>An update rule written by hand: reads each parameter's <c>grad</c> and changes the parameter in place.</summary>
public interface IUpdateRule
{
    /// <summary>One step, after the backward has filled the gradients.</summary>
    void Step();

    /// <summary>The learning rate, for reports.</summary>
    double LearningRate { get; }
}

/// <summary>Plain stochastic gradient descent: θ ← θ − η ∇θ.</summary>
public sealed class Sgd(IReadOnlyList<Parameter> parameters, double learningRate) : IUpdateRule
{
    /// <inheritdoc/>
    public double LearningRate => learningRate;

    /// <inheritdoc/>
    public void Step()
    {
        foreach (var p in parameters)
            if (p.grad is { } g) p.add_(g, -learningRate);       // in place: θ += (−η)·g
    }
}

/// <summary>
/// Adam (Kingma &amp; Ba, 2015, Algorithm 1), written from the paper:
/// m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²;  m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);  θ ← θ − η m̂ / (√v̂ + ε).
/// </summary>
public sealed class Adam : IUpdateRule
{
    readonly IReadOnlyList<Parameter> _parameters;
    readonly Tensor[] _m, _v;                   // first and second moment estimates, one pair per parameter
    readonly double _beta1, _beta2, _eps;
    int _t;                                     // steps taken, for the bias correction

    /// <summary>Adam over <paramref name="parameters"/> with the paper's defaults.</summary>
    public Adam(IReadOnlyList<Parameter> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _parameters = parameters;
        LearningRate = learningRate;
        (_beta1, _beta2, _eps) = (beta1, beta2, eps);
        _m = parameters.Select(p => zeros_like(p)).ToArray();
        _v = parameters.Select(p => zeros_like(p)).ToArray();
    }

    /// <inheritdoc/>
    public double LearningRate { get; }

    /// <inheritdoc/>
    public void Step()
    {
        _t++;
        // The moments start at 0, so early on they are biased towards 0: dividing by (1 − βᵗ) removes that bias.
        double c1 = 1 - Math.Pow(_beta1, _t), c2 = 1 - Math.Pow(_beta2, _t);
        for (int i = 0; i < _parameters.Count; i++)
        {
            if (_parameters[i].grad is not { } g) continue;
            _m[i].mul_(_beta1).add_(g, 1 - _beta1);              // m = β₁m + (1 − β₁)g
            _v[i].mul_(_beta2).add_(g * g, 1 - _beta2);          // v = β₂v + (1 − β₂)g²
            var mHat = _m[i] / c1;
            var vHat = _v[i] / c2;
            _parameters[i].sub_(mHat / (vHat.sqrt() + _eps) * LearningRate);
        }
    }
}

using static Edu.Sdk.torch;

namespace Edu.Sdk.Nn;

/// <summary>max(x, 0), element-wise; no parameters.</summary>
public class ReLU : Module<Tensor, Tensor>
{
    /// <summary>relu(x), the same shape as x.</summary>
    public override Tensor forward(Tensor input) => input.relu();
}

/// <summary>1 / (1 + e⁻ˣ), element-wise; no parameters.</summary>
public class Sigmoid : Module<Tensor, Tensor>
{
    /// <summary>sigmoid(x), the same shape as x.</summary>
    public override Tensor forward(Tensor input) => input.sigmoid();
}

/// <summary>tanh(x), element-wise; no parameters.</summary>
public class Tanh : Module<Tensor, Tensor>
{
    /// <summary>tanh(x), the same shape as x.</summary>
    public override Tensor forward(Tensor input) => input.tanh();
}

/// <summary>Softmax along <paramref name="dim"/>: non-negative values summing to 1, stable for any finite input.</summary>
/// <param name="dim">The dimension that sums to 1 (1 for (N, C) scores).</param>
public class Softmax(long dim) : Module<Tensor, Tensor>
{
    /// <summary>The dimension that sums to 1.</summary>
    public long dim { get; } = dim;

    /// <summary>softmax(x, dim), the same shape as x.</summary>
    public override Tensor forward(Tensor input) => input.softmax(dim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={dim}";
}

/// <summary>log(softmax(x)) along <paramref name="dim"/>, computed directly so it stays finite; pairs with <see cref="NLLLoss"/>.</summary>
/// <param name="dim">The dimension normalised over (1 for (N, C) scores).</param>
public class LogSoftmax(long dim) : Module<Tensor, Tensor>
{
    /// <summary>The dimension normalised over.</summary>
    public long dim { get; } = dim;

    /// <summary>log_softmax(x, dim), the same shape as x.</summary>
    public override Tensor forward(Tensor input) => input.log_softmax(dim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"dim={dim}";
}

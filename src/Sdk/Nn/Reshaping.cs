using static Edu.Sdk.torch;

namespace Edu.Sdk.Nn;

/// <summary>
/// Flattens dims <paramref name="start_dim"/>..<paramref name="end_dim"/> into one (a view of contiguous data); the
/// default keeps the batch dimension: (N, C, H, W) becomes (N, C·H·W).
/// </summary>
/// <param name="start_dim">The first dimension flattened (1: keep the batch dimension).</param>
/// <param name="end_dim">The last dimension flattened (−1: the last one).</param>
public class Flatten(long start_dim = 1, long end_dim = -1) : Module<Tensor, Tensor>
{
    /// <summary>The first dimension flattened.</summary>
    public long start_dim { get; } = start_dim;

    /// <summary>The last dimension flattened.</summary>
    public long end_dim { get; } = end_dim;

    /// <summary>The input with dims start_dim..end_dim merged.</summary>
    public override Tensor forward(Tensor input) => input.flatten(start_dim, end_dim);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"start_dim={start_dim}, end_dim={end_dim}";
}

/// <summary>Returns its input unchanged: a placeholder where a layer is optional.</summary>
public class Identity : Module<Tensor, Tensor>
{
    /// <summary>The input itself.</summary>
    public override Tensor forward(Tensor input) => input;
}

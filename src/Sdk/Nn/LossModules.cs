using static Edu.Sdk.torch;
using Reduction = Edu.Sdk.torch.nn.Reduction;

namespace Edu.Sdk.Nn;

/// <summary>The base of the loss modules: <c>forward(input, target)</c> with a <see cref="reduction"/>.</summary>
/// <param name="reduction">How per-element (or per-row) losses are combined.</param>
public abstract class Loss(Reduction reduction) : Module<Tensor, Tensor, Tensor>
{
    /// <summary>How per-element (or per-row) losses are combined.</summary>
    public Reduction reduction { get; } = reduction;

    /// <inheritdoc/>
    protected override string ExtraRepr() => reduction == Reduction.Mean ? "" : $"reduction={reduction}";
}

/// <summary>Mean squared error, (input − target)² averaged (see <c>torch.nn.functional.mse_loss</c>).</summary>
/// <param name="reduction">Mean (default), Sum, or None.</param>
public class MSELoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <summary>The loss of <paramref name="input"/> against <paramref name="target"/> (same shape and dtype).</summary>
    public override Tensor forward(Tensor input, Tensor target)
    {
        var d = Losses.Difference("MSELoss", input, target);
        return nn.Reduce(d * d, reduction);
    }
}

/// <summary>Mean absolute error, |input − target| averaged (see <c>torch.nn.functional.l1_loss</c>).</summary>
/// <param name="reduction">Mean (default), Sum, or None.</param>
public class L1Loss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <summary>The loss of <paramref name="input"/> against <paramref name="target"/> (same shape and dtype).</summary>
    public override Tensor forward(Tensor input, Tensor target) => nn.Reduce(Losses.Difference("L1Loss", input, target).abs(), reduction);
}

/// <summary>
/// Cross-entropy of logits against class indices or probabilities, with the log-softmax fused in (see
/// <c>torch.nn.functional.cross_entropy</c>): give it raw scores, not softmax outputs.
/// </summary>
/// <param name="reduction">Mean over rows (default), Sum, or None.</param>
public class CrossEntropyLoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <summary>The loss of logits (N, C) against Int64 indices (N) or probabilities (N, C).</summary>
    public override Tensor forward(Tensor input, Tensor target) => Losses.CrossEntropy("CrossEntropyLoss", input, target, reduction);
}

/// <summary>Negative log-likelihood of log-probabilities at the target classes (see <c>torch.nn.functional.nll_loss</c>).</summary>
/// <param name="reduction">Mean over rows (default), Sum, or None.</param>
public class NLLLoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <summary>The loss of log-probabilities (N, C) against Int64 indices (N).</summary>
    public override Tensor forward(Tensor input, Tensor target) => Losses.Nll("NLLLoss", input, target, reduction);
}

/// <summary>Binary cross-entropy of probabilities (see <c>torch.nn.functional.binary_cross_entropy</c>).</summary>
/// <param name="reduction">Mean (default), Sum, or None.</param>
public class BCELoss(Reduction reduction = Reduction.Mean) : Loss(reduction)
{
    /// <summary>The loss of probabilities against targets in [0, 1] (same shape and dtype).</summary>
    public override Tensor forward(Tensor input, Tensor target) => Losses.BinaryCrossEntropy("BCELoss", input, target, reduction);
}

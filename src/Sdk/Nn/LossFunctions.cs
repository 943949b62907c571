using Edu.Sdk.Autograd;
using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;
using Reduction = Edu.Sdk.torch.nn.Reduction;

namespace Edu.Sdk.Nn;

/// <summary>The loss computations shared by <c>torch.nn.functional</c> and the loss modules, with their checks.</summary>
internal static class Losses
{
    public static Tensor CrossEntropy(string op, Tensor input, Tensor target, Reduction reduction)
    {
        var (_, c) = CheckClassification(op, input, "logits", target, allowProbabilities: true);
        if (target.dtype == ScalarType.Int64) CheckIndices(op, target, c);
        return CrossEntropyBackward.Forward(input, target, reduction);
    }

    public static Tensor Nll(string op, Tensor input, Tensor target, Reduction reduction)
    {
        var (_, c) = CheckClassification(op, input, "log-probability", target, allowProbabilities: false);
        CheckIndices(op, target, c);
        // ℓᵢ = −Σₖ [k = yᵢ] input_ik: the one-hot mask picks each row's target entry, and the tape differentiates it.
        var mask = nn.functional.one_hot(target, c).to(input.dtype);
        return nn.Reduce((input * mask).sum(-1).neg(), reduction);
    }

    public static Tensor BinaryCrossEntropy(string op, Tensor input, Tensor target, Reduction reduction)
    {
        Difference(op, input, target);
        using (no_grad())
        {
            if (input.lt(0).any().item<bool>() || input.gt(1).any().item<bool>())
                throw new ArgumentException($"{op}: the input must hold probabilities in [0, 1] (apply sigmoid first, or use logits with cross_entropy).");
        }
        return nn.Reduce(BinaryCrossEntropyFunction.apply(input, target), reduction);
    }

    /// <summary>input − target, after checking both are float tensors of the same shape and dtype.</summary>
    public static Tensor Difference(string op, Tensor input, Tensor target)
    {
        if (!input.dtype.IsFloatingPoint())
            throw new ArgumentException($"{op}: the input must be Float32 or Float64, got {input.dtype}.");
        if (target.dtype != input.dtype)
            throw new ArgumentException($"{op}: the input is {input.dtype} but the target is {target.dtype}; convert the target with .to({input.dtype}).");
        RequireSameShape(op, input, target, "squeeze(1) or unsqueeze(1)");
        return input - target;
    }

    /// <summary>
    /// A regression loss's input and target must have one shape: (N, 1) against (N) would broadcast to every pair.
    /// <paramref name="reshape"/> names the calls that fix it where the loss is computed.
    /// </summary>
    internal static void RequireSameShape(string op, Tensor input, Tensor target, string reshape)
    {
        if (!input.Dims.SequenceEqual(target.Dims))
            throw new ArgumentException(
                $"{op}: the input has shape ({input.ShapeText}) but the target has shape ({target.ShapeText}); they must match " +
                $"(broadcasting (N, 1) against (N) would silently compare every prediction with every target). Reshape one, e.g. with {reshape}.");
    }

    /// <summary>Checks (N, C) or (C) scores against indices (N) or () or, if allowed, probabilities of the same shape; returns (N, C).</summary>
    internal static (int N, int C) CheckClassification(string op, Tensor input, string what, Tensor target, bool allowProbabilities)
    {
        if (!input.dtype.IsFloatingPoint())
            throw new ArgumentException($"{op}: the {what} input must be Float32 or Float64, got {input.dtype}.");
        if (input.dim() is not (1 or 2))
            throw new ArgumentException($"{op}: the {what} input must be (N, C) (one row per example) or (C) for one example, got shape ({input.ShapeText}).");
        bool batched = input.dim() == 2;
        int n = batched ? input.Dims[0] : 1, c = input.Dims[^1];
        if (target.dtype == ScalarType.Int64)
        {
            if (batched && target.dim() == 1 && target.Dims[0] != n)
                throw new ArgumentException($"{op}: {n} {what} rows but {target.Dims[0]} targets.");
            if (batched ? target.dim() != 1 : target.dim() != 0)
                throw new ArgumentException(
                    $"{op}: class-index targets must have shape {(batched ? $"({n})" : "() (a scalar)")}, one index per row of the {what} ({input.ShapeText}); got ({target.ShapeText})." +
                    (target.Dims.SequenceEqual(input.Dims) ? " For one-hot rows, convert the targets to a float dtype." : ""));
            return (n, c);
        }
        if (target.dtype.IsFloatingPoint() && target.dim() == input.dim() - 1)
            throw new ArgumentException(
                $"{op}: the targets ({target.ShapeText}) look like class indices but are {target.dtype}; class indices must be Int64 (convert with .to(int64))" +
                (allowProbabilities ? $", and float targets must be probabilities of the {what}' shape ({input.ShapeText})." : "."));
        if (!allowProbabilities || !target.dtype.IsFloatingPoint())
            throw new ArgumentException(
                $"{op}: targets must be Int64 class indices{(allowProbabilities ? " or float probabilities (one-hot rows)" : "")}, got {target.dtype}." +
                (target.dtype.IsFloatingPoint() ? " Convert class indices with .to(int64)." : ""));
        if (target.dtype != input.dtype)
            throw new ArgumentException($"{op}: the {what} are {input.dtype} but the target probabilities are {target.dtype}; convert the targets with .to({input.dtype}).");
        if (batched && target.dim() == 2 && target.Dims[0] != n)
            throw new ArgumentException($"{op}: {n} {what} rows but {target.Dims[0]} targets.");
        if (!target.Dims.SequenceEqual(input.Dims))
            throw new ArgumentException($"{op}: probability targets must have the {what}' shape ({input.ShapeText}), got ({target.ShapeText}).");
        return (n, c);
    }

    static void CheckIndices(string op, Tensor target, int c) => CheckIndices(op, target.Contiguous().Span<long>(), c);

    /// <summary>
    /// Every label must be a class index in [0, c): the first that is not is named with its row. Shared by the tape's
    /// losses and the generated layers' cross-entropy, so both say the same; builds no string unless it throws.
    /// </summary>
    /// <param name="op">The op, as the student wrote it (<c>cross_entropy</c>, <c>CrossEntropyLoss</c>).</param>
    /// <param name="labels">The labels, one per row.</param>
    /// <param name="c">The number of classes.</param>
    /// <param name="value">In a generated layer, the name of the value the op computes (for the message).</param>
    internal static void CheckIndices(string op, ReadOnlySpan<long> labels, int c, string? value = null)
    {
        for (int i = 0; i < labels.Length; i++)
            if ((ulong)labels[i] >= (ulong)c)
                throw new ArgumentException(
                    $"{op}{(value is null ? "" : $" (computing {value})")}: row {i} has label {labels[i]}, which is not a class index in [0, {c}) ({c} classes); labels are Int64 values from 0 to {c - 1}, one per row.");
    }
}

/// <summary>
/// Element-wise binary cross-entropy as one recorded function, with PyTorch's guards: the value
/// ℓ = −(t · max(log x, −100) + (1 − t) · max(log(1 − x), −100)) stays finite at x = 0 or 1, and the gradient
/// dℓ/dx = (x − t) / max(x(1 − x), 10⁻¹²) stays finite where a sigmoid saturated to exactly 0 or 1 (the tape's
/// log and clamp would give 0 · ∞ = NaN there); dℓ/dt = max(log(1 − x), −100) − max(log x, −100).
/// </summary>
internal sealed class BinaryCrossEntropyFunction : torch.autograd.SingleTensorFunction<BinaryCrossEntropyFunction>
{
    public override string Name => "BinaryCrossEntropyBackward0";

    public override Tensor forward(torch.autograd.AutogradContext ctx, params object[] vars)
    {
        var (x, t) = ((Tensor)vars[0], (Tensor)vars[1]);
        ctx.save_for_backward(x, t);
        return (t * x.log().clamp_min(-100) + (1 - t) * (1 - x).log().clamp_min(-100)).neg();
    }

    public override List<Tensor?> backward(torch.autograd.AutogradContext ctx, Tensor grad_output)
    {
        var saved = ctx.saved_tensors;
        var (x, t) = (saved[0], saved[1]);
        Tensor? dx = ctx.needs_input_grad[0] ? grad_output * (x - t) / (x * (1 - x)).clamp_min(1e-12) : null;
        Tensor? dt = ctx.needs_input_grad[1] ? grad_output * ((1 - x).log().clamp_min(-100) - x.log().clamp_min(-100)) : null;
        return [dx, dt];
    }
}

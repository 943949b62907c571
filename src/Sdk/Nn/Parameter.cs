namespace Edu.Sdk.Nn;

/// <summary>
/// A tensor that a model learns: it requires grad, and its <see cref="torch.Tensor.grad"/> holds the gradient that
/// a backward (the tape, a generated layer's backward or a hand-written one) puts there and an optimizer reads.
/// Shares storage with the tensor it was made from, as in TorchSharp.
/// </summary>
public sealed class Parameter : torch.Tensor
{
    /// <summary>A parameter over <paramref name="data"/>'s storage (a transposed view is copied first).</summary>
    public Parameter(torch.Tensor data, bool requires_grad = true)
        : this(data.Contiguous())
    {
        if (!data.dtype.IsFloatingPoint())
            throw new ArgumentException($"Parameter: parameters hold Float32 or Float64 values, got {data.dtype}.", nameof(data));
        this.requires_grad = requires_grad;
    }

    // The same storage, so the same version count: a change through the tensor is a change of the parameter.
    Parameter(torch.Tensor contiguous) : base(contiguous._storage, contiguous._offset, contiguous._dims, contiguous.dtype) =>
        contiguous.ShareVersion(this);

    /// <summary>The optimizer made last over this parameter: it alone may arm a step in the backward for it.</summary>
    internal Optim.Optimizer? Owner { get; set; }

    /// <summary>
    /// The SGD made with <c>step_in_backward: true</c> that armed this parameter (from its <c>zero_grad()</c> to its
    /// <c>step()</c>): a generated backward then applies its update to the parameter itself where it would have
    /// written the gradient (see <see cref="Layers.LayerWorkspace.GradOrStepOf"/>). Null otherwise.
    /// </summary>
    internal Optim.SGD? SteppedInBackwardBy { get; set; }

    /// <summary>True once a backward has applied an update to this parameter since it was armed (its gradient is then gone).</summary>
    internal bool SteppedSinceArmed { get; set; }

    /// <summary>
    /// True once a layer has listed this parameter in two places (tied weights: two fields, or two sub-layers): a
    /// generated backward then adds its gradient rather than stepping it, since another layer's backward may still read it.
    /// </summary>
    internal bool SharedByLayers { get; set; }
}

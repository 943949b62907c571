using Edu.Sdk.Autograd;
using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    public partial class Tensor
    {
        bool _requiresGrad;

        /// <summary>
        /// Whether ops on this tensor are recorded so that <see cref="backward"/> can compute gradients for it.
        /// Set it on leaves (parameters, inputs you differentiate by); results of recorded ops require grad by themselves.
        /// </summary>
        public bool requires_grad
        {
            get => _requiresGrad || grad_fn is not null;
            set
            {
                if (!value && grad_fn is not null)
                    throw new InvalidOperationException($"requires_grad: this tensor ({ShapeText}) is the result of {grad_fn.name()}; use detach() for a copy that does not require grad.");
                if (value && !dtype.IsFloatingPoint())
                    throw new InvalidOperationException($"requires_grad: only Float32 and Float64 tensors can require gradients, this one is {dtype}.");
                _requiresGrad = value;
            }
        }

        /// <summary>Sets <see cref="requires_grad"/> in place and returns this tensor, as in PyTorch.</summary>
        public Tensor requires_grad_(bool requires_grad = true)
        {
            this.requires_grad = requires_grad;
            return this;
        }

        /// <summary>The gradient accumulated by <see cref="backward"/> (null until a backward reaches this leaf).</summary>
        /// <remarks>
        /// After <c>zero_grad()</c> this reads as zeros. The zeros are written when something reads them: a backward
        /// that writes the whole gradient (a generated layer's GEMM or row sum) overwrites the old values instead, so
        /// the zeroing pass is skipped. A reference to the gradient tensor taken before <c>zero_grad()</c> keeps its
        /// old values until then, as with PyTorch's <c>zero_grad(set_to_none=True)</c>; read <c>p.grad</c> again.
        /// At batch 1 a generated layer keeps a weight's gradient as its two factors, which plain SGD applies without
        /// writing the gradient, until the gradient is read; once this property has returned the tensor, backwards
        /// write it as they go, so a reference kept from it always shows the latest gradient.
        /// </remarks>
        public Tensor? grad
        {
            get
            {
                var g = GradValue;
                if (g is not null) g._handedOut = true;
                return g;
            }
            set
            {
                // A tensor user code assigns is one it may keep: backwards write it as they go.
                if (value is not null) value._handedOut = true;
                _grad = value;
            }
        }

        /// <summary>Sets the gradient tensor for the SDK's own code (a buffer it made or restores), without marking it handed out.</summary>
        internal void SetGrad(Tensor? value) => _grad = value;

        /// <summary>
        /// <see cref="grad"/> for the SDK's own readers (optimizers, clipping, the tape), which use the values and keep
        /// no reference: whatever is pending is written, and the tensor is not marked as handed out.
        /// </summary>
        internal Tensor? GradValue
        {
            get
            {
                _grad?.WritePending();
                return _grad;
            }
        }

        /// <summary>
        /// True once <see cref="grad"/> has given this tensor (a gradient) to user code, or user code has assigned it
        /// through <see cref="grad"/>, either way a reference it may keep: backwards
        /// then write it as they go instead of keeping an outer product pending, so a kept reference shows each new
        /// gradient.
        /// </summary>
        internal bool _handedOut;

        Tensor? _grad;

        /// <summary>True while this tensor (a gradient) is logically zero but its memory still holds old values.</summary>
        internal bool _zeroPending;

        /// <summary>When active: this tensor (a gradient) is logically the outer product it keeps, not yet written.</summary>
        internal PendingOuter? _outer;

        /// <summary>Writes the value of a gradient whose writing was deferred: zeros, or a pending outer product.</summary>
        internal void WritePending()
        {
            if (_zeroPending) zero_();
            else WritePendingOuter();
        }

        /// <summary>Writes a pending outer product (<see cref="PendingOuter"/>); nothing otherwise.</summary>
        internal void WritePendingOuter()
        {
            if (_outer is { Active: true } o) o.WriteInto(this);
        }

        /// <summary>Drops a pending outer product: the tensor's memory is about to be overwritten or zeroed.</summary>
        internal void DropPendingOuter()
        {
            if (_outer is not null) _outer.Active = false;
        }

        /// <summary>zero_grad's zeroing, deferred until the gradient is read or overwritten (see <see cref="grad"/>).</summary>
        internal void ZeroGradDeferred()
        {
            if (_grad is { } g)
            {
                g._zeroPending = true;
                g.DropPendingOuter();
                g.BumpVersion();
            }
        }

        /// <summary>
        /// The gradient buffer for a backward kernel that adds into it: a pending outer product is written first, a
        /// pending zero is left for the kernel to honour (<see cref="TakeZeroPending"/>), so it can write instead of add.
        /// </summary>
        internal Tensor? GradForKernel
        {
            get
            {
                _grad?.WritePendingOuter();
                return _grad;
            }
        }

        /// <summary>The gradient buffer with whatever is pending left pending (for optimizers, which apply it as it is).</summary>
        internal Tensor? GradAsIs => _grad;

        /// <summary>
        /// For a kernel about to add into this gradient buffer: true when its content is logically zero, so the kernel
        /// must overwrite (β = 0) instead of adding; the pending zero is consumed either way.
        /// </summary>
        internal bool TakeZeroPending()
        {
            bool pending = _zeroPending;
            _zeroPending = false;
            return pending;
        }

        /// <summary>The recorded op that produced this tensor, or null for a leaf.</summary>
        public Node? grad_fn { get; internal set; }

        /// <summary>True for tensors not produced by a recorded op: the ones whose <see cref="grad"/> is filled.</summary>
        public bool is_leaf => grad_fn is null;

        /// <summary>A tensor sharing this one's storage but outside the graph: no grad_fn, no requires_grad.</summary>
        public Tensor detach() => ShareVersion(new(_storage, _offset, _dims, dtype, _transposed));

        /// <summary>
        /// Computes the gradient of this tensor with respect to every leaf that requires grad, and adds it into
        /// their <see cref="grad"/>. A scalar (a loss) needs no argument; otherwise pass dL/d(this) as <paramref name="gradient"/>.
        /// The graph is freed afterwards unless <paramref name="retain_graph"/>.
        /// </summary>
        public void backward(Tensor? gradient = null, bool retain_graph = false)
        {
            if (!requires_grad)
                throw new InvalidOperationException(
                    $"backward: this tensor ({ShapeText}) does not require grad and has no grad_fn: nothing it was computed from has requires_grad = true, or it was computed inside no_grad().");
            Engine.Run([this], [SeedGradient("backward", gradient)], retain_graph);
        }

        internal Tensor SeedGradient(string op, Tensor? gradient)
        {
            if (gradient is null)
            {
                if (_numel != 1)
                    throw new InvalidOperationException(
                        $"{op}: the output has shape ({ShapeText}); backward() without a gradient needs a scalar (one-element) output such as a mean loss. " +
                        "Reduce it first (loss.mean()), or pass dL/d(output): y.backward(torch.ones_like(y)).");
                return ones_like(this);
            }
            if (!gradient.Dims.SequenceEqual(_dims))
                throw new ArgumentException($"{op}: the gradient has shape ({gradient.ShapeText}) but the output has shape ({ShapeText}); they must match.");
            return gradient.dtype == dtype ? gradient : gradient.to(dtype);
        }

        /// <summary>Attaches the node that produced this tensor (used by ops when recording).</summary>
        internal Tensor WithGradFn(Node node)
        {
            grad_fn = node;
            return this;
        }

        /// <summary>Refuses in-place changes that would corrupt a gradient: on leaves that require grad, outside no_grad().</summary>
        internal void CheckInPlace(string op)
        {
            if (GradMode.Enabled && requires_grad)
                throw new InvalidOperationException(
                    $"{op}: this tensor ({ShapeText}) requires grad, and an in-place change would make its gradient wrong. " +
                    "Update parameters inside `using (torch.no_grad()) { ... }` (as an optimizer does), or use the out-of-place form (x = x + y).");
        }
    }

    /// <summary>A scope in which ops are not recorded (evaluation, parameter updates): <c>using (torch.no_grad()) { ... }</c>.</summary>
    public static GradModeScope no_grad() => new(false);

    /// <summary>A scope in which ops are recorded again, inside a <see cref="no_grad"/> scope.</summary>
    public static GradModeScope enable_grad() => new(true);

    /// <summary>True when ops are being recorded on this thread.</summary>
    public static bool is_grad_enabled() => GradMode.Enabled;
}

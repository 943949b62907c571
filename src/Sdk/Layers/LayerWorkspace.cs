using Edu.Sdk.Nn;
using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Layers;

/// <summary>
/// The buffers and kernels of one generated layer. Every op takes the name of the value it computes
/// (<c>_ws.Relu("h1", a1)</c>) and writes into a buffer of that name, made on first use and reused on every later
/// step while the shapes stay the same (a new batch size makes new buffers once), so steady-state training
/// allocates nothing. A returned tensor is the layer's own buffer: it is overwritten by the next step, so
/// <c>clone()</c> what you keep.
/// </summary>
/// <remarks>
/// For generated code: the methods record nothing on the tape and check shapes with messages that name the op.
/// Backward methods with a <c>sumTo</c> argument sum the result back to that tensor's shape when the forward
/// broadcast it (a bias row added to every row of a batch gets the sum of the rows).
/// </remarks>
public sealed partial class LayerWorkspace
{
    readonly Dictionary<string, Tensor> _buffers = new(StringComparer.Ordinal);
    readonly Dictionary<string, Tensor> _scratch = new(StringComparer.Ordinal);
    // Views a backward takes of a gradient (dL/dy with a summed dim put back as 1), by the name of the op's result.
    readonly Dictionary<string, Tensor> _views = new(StringComparer.Ordinal);

    readonly List<LayerWorkspace> _iterations = [];

    /// <summary>The number of buffers held (results and scratch, with the loops' iterations).</summary>
    public int Count => _buffers.Count + _scratch.Count + _iterations.Sum(w => w.Count);

    /// <summary>Drops every buffer (the next step makes them again).</summary>
    public void Clear()
    {
        _buffers.Clear();
        _scratch.Clear();
        _views.Clear();
        _sums.Clear();
        _cats.Clear();
        _iterations.Clear();
    }

    /// <summary>
    /// The workspace of iteration <paramref name="iteration"/> of a loop over sub-layers: each iteration's values and
    /// gradients live in buffers of their own (the backward reads every iteration's), made once and then reused.
    /// </summary>
    public LayerWorkspace Loop(int iteration)
    {
        while (_iterations.Count <= iteration) _iterations.Add(new LayerWorkspace());
        return _iterations[iteration];
    }

    /// <summary>The buffer named <paramref name="name"/> with this dtype and shape.</summary>
    internal Tensor Buffer(string name, ScalarType dtype, ReadOnlySpan<int> dims) => Get(_buffers, name, dtype, dims);

    /// <summary>A second buffer for <paramref name="name"/> (a full-size result before it is summed to a smaller shape).</summary>
    internal Tensor Scratch(string name, ScalarType dtype, ReadOnlySpan<int> dims) => Get(_scratch, name, dtype, dims);

    static Tensor Get(Dictionary<string, Tensor> d, string name, ScalarType dtype, ReadOnlySpan<int> dims)
    {
        if (d.TryGetValue(name, out var t) && t.dtype == dtype && t.Dims.SequenceEqual(dims)) return t;
        t = Tensor.Empty(dtype, dims.ToArray());
        d[name] = t;
        return t;
    }

    /// <summary>
    /// The gradient buffer of <paramref name="p"/> for a backward to add into: made on first use, as the tape does;
    /// null when the parameter is frozen (<c>requires_grad = false</c>), and the accumulating ops then skip it.
    /// A new buffer, or one <c>zero_grad()</c> has cleared, is marked as logically zero rather than filled with zeros:
    /// the accumulating ops below then write into it instead of adding (<see cref="ForAccumulation"/>).
    /// For generated code: only this class's ops know that mark, so the buffer may still hold the last step's values.
    /// A hand-written backward reads and adds to <c>p.grad</c>, whose getter writes the pending zeros first.
    /// </summary>
    public static Tensor? GradOf(Parameter p)
    {
        if (!p.requires_grad) return null;
        var g = p.GradForKernel;
        if (g is not null && g.dtype == p.dtype && g.is_contiguous() && g.Dims.SequenceEqual(p.Dims)) return g;
        if (g is not null)
            throw new InvalidOperationException(
                $"backward: the gradient of a parameter of shape ({p.ShapeText}) has shape ({g.ShapeText}) and dtype {g.dtype}; set it to null (zero_grad) or to a tensor like the parameter.");
        g = Tensor.Empty(p.dtype, p._dims);
        g._zeroPending = true;
        p.SetGrad(g);
        return g;
    }

    /// <summary>
    /// The target of a gradient contribution that is the backward's last use of <paramref name="p"/> (the generator
    /// emits this instead of <see cref="GradOf"/> when nothing after it reads p): <c>p.grad</c>, as
    /// <see cref="GradOf"/> gives it, or, when <c>torch.optim.SGD(..., step_in_backward: true)</c> has armed p (from
    /// its <c>zero_grad()</c> to its <c>step()</c>), p itself with the factor −lr, so the op applies the SGD update
    /// p ← p − lr·g as it computes g and the gradient is never stored. Not while the backward runs as a node of the
    /// tape, for a gradient check or inside <c>Trainer.Fit</c> (they read gradients), nor for a parameter held in two
    /// places of a model (tied weights: the other place's backward may still read it; <c>step()</c> updates it).
    /// </summary>
    public static GradientTarget GradOrStepOf(Parameter p)
    {
        if (p.requires_grad && p.SteppedInBackwardBy is { } sgd && !StepsInBackward.Suspended && !p.SharedByLayers)
        {
            p.SteppedSinceArmed = true;
            return new GradientTarget(p, -sgd.LearningRate, stepsParameter: true);
        }
        return new GradientTarget(GradOf(p), 1, stepsParameter: false);
    }

    /// <summary>
    /// For an op about to add into <paramref name="target"/>: true when it must add, false when the target is
    /// logically zero (a fresh or zero_grad-cleared gradient) and the op writes its result instead.
    /// </summary>
    internal static bool ForAccumulation(Tensor target) => !target.TakeZeroPending();


    /// <summary>
    /// The shape two operands broadcast to, without allocating: one operand's own shape in the common cases (equal, or
    /// one a suffix of the other), else the shape of the layout the kernel will use (kept per thread, see
    /// <see cref="BroadcastLayout.For"/>).
    /// </summary>
    internal static ReadOnlySpan<int> BroadcastDims(string op, Tensor a, Tensor b)
    {
        if (a.Dims.SequenceEqual(b.Dims) || Shape.IsSuffix(b.Dims, a.Dims)) return a.Dims;
        if (Shape.IsSuffix(a.Dims, b.Dims)) return b.Dims;
        return BroadcastLayout.For(op, a.Dims, b.Dims).OutDims;
    }

    static void RequireSameDtype(string op, Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype)
            throw new ArgumentException($"{op}: the operands have different dtypes ({a.dtype} and {b.dtype}); make the inputs and the parameters the same dtype (model.to(float64) for gradient checks).");
    }
}

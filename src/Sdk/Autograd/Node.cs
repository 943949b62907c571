using Edu.Sdk.Tensors;

namespace Edu.Sdk.Autograd;

/// <summary>
/// One recorded op of the tape (what <c>grad_fn</c> points to): it knows its inputs and, given dL/d(output),
/// returns dL/d(input) for each of them. Nodes run their backward with recording off.
/// </summary>
public abstract class Node
{
    /// <summary>The op's inputs; an entry is null when that input needs no gradient.</summary>
    internal readonly torch.Tensor?[] Inputs;

    internal bool Released;

    /// <summary>
    /// True when the backward reads tensors kept by the forward, which a backward without <c>retain_graph</c> frees:
    /// as in PyTorch, only such a node refuses a second backward. Nodes that keep only shapes and numbers (sums,
    /// views, a product by a number) can run again.
    /// </summary>
    internal virtual bool SavesTensors => true;

    /// <summary>A node whose inputs are <paramref name="inputs"/>; those that do not require grad are dropped.</summary>
    protected Node(params torch.Tensor?[] inputs)
    {
        Inputs = inputs;
        for (int i = 0; i < inputs.Length; i++)
            if (inputs[i] is { requires_grad: false }) Inputs[i] = null;
    }

    /// <summary>The op's name as PyTorch prints it, e.g. <c>MulBackward0</c>.</summary>
    public abstract string name();

    /// <summary>The nodes this one sends gradients to (the <c>grad_fn</c> of each input), for inspecting the graph.</summary>
    public IReadOnlyList<Node?> next_functions => Inputs.Select(t => t?.grad_fn).ToArray();

    /// <summary>True when input <paramref name="i"/> needs a gradient.</summary>
    protected bool Needs(int i) => Inputs[i] is not null;

    /// <summary>dL/d(input i) for each input, given <paramref name="grad"/> = dL/d(output). Null entries mean "no gradient".</summary>
    internal abstract torch.Tensor?[] Backward(torch.Tensor grad, GradSink sink);

    /// <summary>Drops saved tensors once the graph has been walked (unless retain_graph).</summary>
    internal virtual void Release() => Released = true;

    /// <inheritdoc/>
    public override string ToString() => $"<{name()}>";
}

/// <summary>
/// Lets a node write a leaf's gradient straight into its existing <c>grad</c> buffer (a GEMM with β = 1 for a
/// weight, a row sum for a bias) instead of returning a new tensor that is then added: no allocation per step.
/// </summary>
internal sealed class GradSink
{
    /// <summary>Returned by a node for an input whose gradient it already accumulated through the sink.</summary>
    public static readonly torch.Tensor Accumulated = torch.zeros(0);

    public bool Enabled { get; init; } = true;

    /// <summary>The leaf's own grad buffer when input <paramref name="i"/> of <paramref name="node"/> is a leaf whose gradient can be added in place.</summary>
    public torch.Tensor? AccumulatorFor(Node node, int i)
    {
        if (!Enabled) return null;
        var t = node.Inputs[i];
        return t is null || t.grad_fn is not null ? null : Usable(t, t.GradValue);
    }

    /// <summary>
    /// When input <paramref name="i"/> is <c>Wᵀ</c> of a 2-d leaf W (as in <c>x.matmul(weight.T)</c>), W's own grad
    /// buffer: the node can then add (dL/dWᵀ)ᵀ straight into it instead of going through the transpose node.
    /// </summary>
    public torch.Tensor? AccumulatorThroughTranspose(Node node, int i)
    {
        if (!Enabled || node.Inputs[i]?.grad_fn is not TransposeBackward { Inputs: [{ } w] } || w.dim() != 2) return null;
        return w.grad_fn is not null ? null : Usable(w, w.GradForKernel);
    }

    /// <summary>
    /// <see cref="AccumulatorFor"/> for a product node, which honours a logically zero buffer itself (it writes it
    /// with β = 0, or keeps a batch-of-one product's factors: <see cref="AddProduct"/>) instead of having the zeros
    /// written first. <see cref="AccumulatorThroughTranspose"/> leaves it so too.
    /// </summary>
    public torch.Tensor? ProductAccumulatorFor(Node node, int i)
    {
        if (!Enabled) return null;
        var t = node.Inputs[i];
        return t is null || t.grad_fn is not null ? null : Usable(t, t.GradForKernel);
    }

    /// <summary>The leaf's grad buffer when a kernel can add into it in place: contiguous, of the leaf's dtype and shape.</summary>
    static torch.Tensor? Usable(torch.Tensor leaf, torch.Tensor? g) =>
        g is not null && g.is_contiguous() && g.dtype == leaf.dtype && g.Dims.SequenceEqual(leaf.Dims) ? g : null;

    /// <summary>
    /// into += x·y (2-d, dense or transposed views), or into = x·y while into is logically zero. A product with an
    /// inner dimension of 1 (a weight gradient at batch 1) into a logically zero gradient that user code has not been
    /// given keeps its two factors instead (<see cref="PendingOuter"/>), for plain SGD to apply without writing it.
    /// </summary>
    public static void AddProduct(torch.Tensor x, torch.Tensor y, torch.Tensor into)
    {
        if (x.Dims[1] == 1 && PendingOuter.TryKeep(into, x, y, 1)) return;
        MatMul.Run2d("mm", x, y, into, accumulate: !into.TakeZeroPending());
    }
}

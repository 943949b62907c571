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
        if (t is null || t.grad_fn is not null || t.GradValue is not { } g) return null;
        return g.is_contiguous() && g.dtype == t.dtype && g.Dims.SequenceEqual(t.Dims) ? g : null;
    }

    /// <summary>
    /// When input <paramref name="i"/> is <c>Wᵀ</c> of a 2-d leaf W (as in <c>x.matmul(weight.T)</c>), W's own grad
    /// buffer: the node can then add (dL/dWᵀ)ᵀ straight into it instead of going through the transpose node.
    /// </summary>
    public torch.Tensor? AccumulatorThroughTranspose(Node node, int i)
    {
        if (!Enabled || node.Inputs[i]?.grad_fn is not TransposeBackward { Inputs: [{ } w] } || w.dim() != 2) return null;
        if (w.grad_fn is not null || w.GradValue is not { } g) return null;
        return g.is_contiguous() && g.dtype == w.dtype && g.Dims.SequenceEqual(w.Dims) ? g : null;
    }
}

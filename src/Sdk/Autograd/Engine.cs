using Edu.Sdk.Tensors;

namespace Edu.Sdk.Autograd;

/// <summary>
/// Walks the tape backwards: orders the nodes reachable from the outputs so each runs after every node that
/// feeds it a gradient (reverse post-order of a depth-first search), sums the gradients arriving at each node,
/// and hands leaves their gradient (added into <c>grad</c>), or, for <c>torch.autograd.grad</c>, returns it.
/// </summary>
internal static class Engine
{
    public static torch.Tensor?[]? Run(
        IReadOnlyList<torch.Tensor> outputs, IReadOnlyList<torch.Tensor> gradOutputs,
        bool retainGraph, IReadOnlyList<torch.Tensor>? capture = null)
    {
        var order = TopologicalOrder(outputs);
        var pending = new Dictionary<Node, torch.Tensor>(ReferenceEqualityComparer.Instance);
        var captured = capture is null ? null : new torch.Tensor?[capture.Count];
        var sink = new GradSink { Enabled = capture is null };

        using var _ = new GradModeScope(false);
        for (int i = 0; i < outputs.Count; i++)
            Deliver(outputs[i], gradOutputs[i], pending, capture, captured);

        foreach (var node in order)
        {
            if (!pending.Remove(node, out var grad)) continue;
            if (node.Released && node.SavesTensors)
                throw new InvalidOperationException(
                    $"backward: the graph through {node.name()} was already freed by an earlier backward(). " +
                    "Call backward(retain_graph: true) the first time if you need to go through the same graph twice, or run the forward again.");
            if (captured is not null) CaptureNonLeaf(node, grad, capture!, captured);
            var grads = node.Backward(grad, sink);
            if (!retainGraph) node.Release();
            for (int i = 0; i < node.Inputs.Length; i++)
            {
                if (node.Inputs[i] is not { } input || grads[i] is not { } g || ReferenceEquals(g, GradSink.Accumulated)) continue;
                Deliver(input, g, pending, capture, captured);
            }
        }
        return captured;
    }

    static void Deliver(torch.Tensor t, torch.Tensor g, Dictionary<Node, torch.Tensor> pending,
        IReadOnlyList<torch.Tensor>? capture, torch.Tensor?[]? captured)
    {
        if (t.grad_fn is { } fn)
        {
            // Sum, not overwrite: a tensor used twice gets both contributions. Out of place, since g may be shared.
            pending[fn] = pending.TryGetValue(fn, out var acc) ? acc.add(g) : g;
            return;
        }
        if (!t.requires_grad) return;
        if (captured is not null)
        {
            for (int i = 0; i < capture!.Count; i++)
                if (ReferenceEquals(capture[i], t)) captured[i] = captured[i] is { } c ? c.add(g) : g;
            return;
        }
        // A copy on first arrival: g may be shared with another input's gradient (add passes it to both).
        if (t.GradAsIs is null) t.SetGrad(g.clone());
        else t.GradValue!.add_(g);
    }

    static void CaptureNonLeaf(Node node, torch.Tensor grad, IReadOnlyList<torch.Tensor> capture, torch.Tensor?[] captured)
    {
        for (int i = 0; i < capture.Count; i++)
            if (ReferenceEquals(capture[i].grad_fn, node)) captured[i] = grad;
    }

    /// <summary>Nodes reachable from the outputs, each before the nodes it feeds gradients into.</summary>
    static List<Node> TopologicalOrder(IReadOnlyList<torch.Tensor> outputs)
    {
        var post = new List<Node>();
        var seen = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Node Node, int Next)>();
        foreach (var o in outputs)
        {
            if (o.grad_fn is not { } root || !seen.Add(root)) continue;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Inputs.Length)
                {
                    stack.Push((node, next + 1));
                    if (node.Inputs[next]?.grad_fn is { } child && seen.Add(child)) stack.Push((child, 0));
                }
                else post.Add(node);
            }
        }
        post.Reverse();
        return post;
    }
}

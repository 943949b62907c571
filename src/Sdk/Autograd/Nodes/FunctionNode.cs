namespace Edu.Sdk.Autograd;

/// <summary>The tape node of a custom function: calls the user's backward and checks what it returns.</summary>
internal sealed class FunctionNode(string fnName, torch.Tensor[] inputs, torch.autograd.AutogradContext ctx,
    Func<torch.Tensor, List<torch.Tensor?>> userBackward) : Node(inputs)
{
    readonly int[][] _shapes = inputs.Select(t => t._dims).ToArray();

    public override string name() => fnName + "Backward";

    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        var grads = userBackward(g) ?? throw new InvalidOperationException($"{fnName}.backward returned null; return a list with one gradient per tensor input of forward.");
        if (grads.Count != _shapes.Length)
            throw new InvalidOperationException(
                $"{fnName}.backward returned {grads.Count} gradient(s), but forward took {_shapes.Length} tensor input(s); return one per tensor input, in order (null where no gradient is needed).");
        for (int i = 0; i < grads.Count; i++)
        {
            if (grads[i] is not { } gi) continue;
            if (!gi.Dims.SequenceEqual(_shapes[i]))
                throw new InvalidOperationException(
                    $"{fnName}.backward: the gradient for input {i} has shape ({gi.ShapeText}) but that input has shape ({Tensors.Shape.Format(_shapes[i])}); dL/dx always has x's shape.");
            if (Inputs[i] is { } x && gi.dtype != x.dtype) grads[i] = gi.to(x.dtype);
        }
        return [.. grads];
    }

    internal override void Release()
    {
        base.Release();
        ctx.Release();
    }
}

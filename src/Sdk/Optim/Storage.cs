namespace Edu.Sdk.Optim;

/// <summary>Raw element spans for the optimizer kernels.</summary>
internal static class Storage
{
    /// <summary>
    /// The elements of <paramref name="t"/> in storage order, even for a transposed view: element-wise work that treats
    /// every element alike (scaling, clamping, norms) does not care about the order.
    /// </summary>
    public static Span<T> Elements<T>(torch.Tensor t) where T : unmanaged => new((T[])t._storage, t._offset, t._numel);

    /// <summary>
    /// The gradient of parameter <paramref name="index"/>, checked against the parameter, in the parameter's element order
    /// (a transposed gradient, which backward never produces, is copied).
    /// </summary>
    public static torch.Tensor Gradient(string optimizer, int index, torch.Tensor p, torch.Tensor grad)
    {
        if (grad.dtype != p.dtype)
            throw new InvalidOperationException($"{optimizer}: parameter {index} is {p.dtype} but its grad is {grad.dtype}.");
        if (!grad.Dims.SequenceEqual(p.Dims))
            throw new InvalidOperationException($"{optimizer}: parameter {index} has shape ({p.ShapeText}) but its grad has shape ({grad.ShapeText}).");
        return grad.Contiguous();
    }
}

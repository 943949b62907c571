namespace Edu.Sdk.Autograd;

/// <summary>
/// A tensor a node keeps for its backward, with the version it had then: if an in-place op changes it before
/// the backward runs, the backward would use the wrong values, so unpacking refuses instead.
/// </summary>
internal readonly struct SavedTensor(torch.Tensor tensor)
{
    readonly int _version = tensor._version;

    public torch.Tensor Unpack(Node node)
    {
        if (tensor._version != _version)
            throw new InvalidOperationException(
                $"backward: {node.name()} needs a tensor of shape ({tensor.ShapeText}) that an in-place operation changed after the forward " +
                $"(it is at version {tensor._version}, it was saved at version {_version}). Use the out-of-place form (x = x * 2 instead of x.mul_(2)), " +
                "or clone() the tensor before changing it, or run the forward again.");
        return tensor;
    }
}

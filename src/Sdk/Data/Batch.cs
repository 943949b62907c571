using Tensor = Edu.Sdk.torch.Tensor;

namespace Edu.Sdk.Data;

/// <summary>
/// One mini-batch: <c>foreach (var (x, y) in data.Batches(32))</c>. The tensors are buffers reused by the next batch
/// of the same size: use them within the step, and <c>clone()</c> what you keep.
/// </summary>
/// <param name="Features">Shape (batch, ...), the features' dtype.</param>
/// <param name="Targets">Shape (batch, ...), the targets' dtype.</param>
public readonly record struct Batch(Tensor Features, Tensor Targets)
{
    /// <summary>The number of rows in this batch.</summary>
    public int Count => (int)Features.size(0);
}

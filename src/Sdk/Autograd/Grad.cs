using Edu.Sdk.Tensors;

namespace Edu.Sdk.Autograd;

/// <summary>Helpers shared by backward nodes.</summary>
internal static class Grad
{
    /// <summary>
    /// Reduces a broadcast gradient back to the operand's shape: if y = f(broadcast(a)), then
    /// dL/da = Σ over the broadcast dims of dL/dy (leading dims that a lacks, and dims where a has size 1).
    /// </summary>
    public static torch.Tensor SumTo(torch.Tensor g, int[] dims)
    {
        if (g.Dims.SequenceEqual(dims)) return g;
        int lead = g.dim() - dims.Length;
        var r = g;
        for (int i = 0; i < lead; i++) r = r.sum(0);
        for (int i = 0; i < dims.Length; i++)
            if (dims[i] == 1 && r.Dims[i] != 1) r = r.sum(i, keepdim: true);
        return r;
    }

    /// <summary>dL/dy reshaped so it broadcasts against the input of a reduction over <paramref name="dim"/>.</summary>
    public static torch.Tensor Unreduce(torch.Tensor g, int dim, bool keepdim, int inputRank) =>
        keepdim || inputRank == 0 ? g : g.unsqueeze(dim);
}

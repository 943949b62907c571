using System.Numerics.Tensors;

namespace Edu.Sdk.Optim;

/// <summary>Norms and scaling of gradient tensors, for clipping.</summary>
internal static class GradNorms
{
    /// <summary>
    /// (Σₖ ‖gₖ‖ₚᵖ)^(1/p), the p-norm of all elements at once (what PyTorch computes as the norm of the per-tensor norms);
    /// max |gᵢ| for p = ∞. Each tensor's norm is computed in its dtype (as PyTorch does), the combination in double.
    /// </summary>
    public static double Total(List<torch.Tensor> grads, double p)
    {
        if (double.IsPositiveInfinity(p))
        {
            double max = 0;
            foreach (var g in grads) max = Math.Max(max, Norm(g, p));
            return max;
        }
        double sum = 0;
        foreach (var g in grads) sum += Math.Pow(Norm(g, p), p);
        return Math.Pow(sum, 1 / p);
    }

    static double Norm(torch.Tensor g, double p) => g.dtype == ScalarType.Float32
        ? NormOf(Storage.Elements<float>(g), p)
        : NormOf(Storage.Elements<double>(g), p);

    static double NormOf(ReadOnlySpan<float> x, double p)
    {
        if (x.IsEmpty) return 0;
        if (p == 2) return TensorPrimitives.Norm(x);
        if (p == 1) return TensorPrimitives.SumOfMagnitudes(x);
        if (double.IsPositiveInfinity(p)) return Math.Abs(TensorPrimitives.MaxMagnitude(x));
        double s = 0;
        foreach (float v in x) s += Math.Pow(Math.Abs(v), p);
        return Math.Pow(s, 1 / p);
    }

    static double NormOf(ReadOnlySpan<double> x, double p)
    {
        if (x.IsEmpty) return 0;
        if (p == 2) return TensorPrimitives.Norm(x);
        if (p == 1) return TensorPrimitives.SumOfMagnitudes(x);
        if (double.IsPositiveInfinity(p)) return Math.Abs(TensorPrimitives.MaxMagnitude(x));
        double s = 0;
        foreach (double v in x) s += Math.Pow(Math.Abs(v), p);
        return Math.Pow(s, 1 / p);
    }

    /// <summary>g ← c·g in place (c converted to g's dtype, as PyTorch's mul_ by a scalar does).</summary>
    public static void Scale(torch.Tensor g, double c)
    {
        if (g.dtype == ScalarType.Float32)
        {
            var s = Storage.Elements<float>(g);
            TensorPrimitives.Multiply(s, (float)c, s);
        }
        else
        {
            var s = Storage.Elements<double>(g);
            TensorPrimitives.Multiply(s, c, s);
        }
        g.BumpVersion();
    }
}

using System.Numerics;
using System.Numerics.Tensors;

namespace Edu.Sdk.Layers;

/// <summary>
/// Softmax cross-entropy against Int64 class indices, one pass per row and no one-hot matrix: the forward writes
/// p = softmax(z) and adds lse − z[label] (lse = log Σₖ e^zₖ); the backward is g/N · (p − onehot(label)), that is p
/// scaled, with g/N taken off at the label.
/// </summary>
internal static class CrossEntropyKernel
{
    /// <summary>The mean over <paramref name="rows"/> rows of −log softmax(z)[label]; p is written row by row.</summary>
    public static double Forward<T>(string op, ReadOnlySpan<T> z, ReadOnlySpan<long> labels, Span<T> p, int rows, int c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Nn.Losses.CheckIndices("cross_entropy", labels[..rows], c, value: op);
        Span<T> scratch = rows <= Kernels.MaxStackRows ? stackalloc T[2 * rows] : new T[2 * rows];
        Span<T> max = scratch[..rows], logSum = scratch[rows..];
        Kernels.SoftmaxRows(z, p, max, logSum, rows, c);
        double total = 0;
        // −log p[label] = lse − z[label] = (max − z[label]) + log Σ exp(z − max), in double (see SoftmaxRows).
        for (int i = 0; i < rows; i++)
            total += double.CreateChecked(max[i]) - double.CreateChecked(z[i * c + (int)labels[i]]) + double.CreateChecked(logSum[i]);
        return rows == 0 ? double.NaN : total / rows;
    }

    /// <summary>r = g/N · (p − onehot(label)), row by row.</summary>
    public static void Backward<T>(double g, ReadOnlySpan<T> p, ReadOnlySpan<long> labels, Span<T> r, int rows, int c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = T.CreateChecked(g / Math.Max(rows, 1));
        TensorPrimitives.Multiply(p[..(rows * c)], scale, r);
        for (int i = 0; i < rows; i++) r[i * c + (int)labels[i]] -= scale;
    }
}

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Edu.Sdk.Tensors;

/// <summary>Derivatives of activations, expressed through their output y, fused with the upstream gradient g.</summary>
internal static class ActivationGrad
{
    /// <summary>d = g ⊙ 1[y &gt; 0]: ReLU passes the gradient where it was active (y = relu(x) &gt; 0 ⇔ x &gt; 0).</summary>
    public static void Relu<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            int w = Vector256<T>.Count;
            for (; i <= y.Length - w; i += w)
            {
                var mask = Vector256.GreaterThan(Vector256.Create(y.Slice(i, w)), Vector256<T>.Zero);
                (mask & Vector256.Create(g.Slice(i, w))).CopyTo(d.Slice(i, w));
            }
        }
        for (; i < y.Length; i++) d[i] = y[i] > T.Zero ? g[i] : T.Zero;
    }

    /// <summary>d = g ⊙ y(1 − y) = g ⊙ (y − y²): σ'(x) = σ(x)(1 − σ(x)).</summary>
    public static void Sigmoid<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(y, y, d);
        TensorPrimitives.Subtract(y, d, d);
        TensorPrimitives.Multiply(d, g, d);
    }

    /// <summary>d = g ⊙ (1 − y²): tanh'(x) = 1 − tanh²(x).</summary>
    public static void Tanh<T>(ReadOnlySpan<T> y, ReadOnlySpan<T> g, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        TensorPrimitives.Multiply(y, y, d);
        TensorPrimitives.Subtract(T.One, d, d);
        TensorPrimitives.Multiply(d, g, d);
    }
}

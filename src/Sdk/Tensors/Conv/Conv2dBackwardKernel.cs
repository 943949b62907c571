using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;

namespace Edu.Sdk.Tensors;

/// <summary>
/// The backward of y = conv2d(x, W) + b on raw spans, per image n through the im2col layout yₙ (O×L) = W (O×K)·colₙ (K×L):
/// dL/dW += Σₙ dyₙ·colₙᵀ, dL/db += Σₙ Σ_pixels dyₙ, dL/dxₙ = Col2Im(Wᵀ·dyₙ). Shared by the tape's node and generated
/// layers. colₙ is rebuilt from x rather than kept from the forward: K×L per image often outweighs the activations.
/// </summary>
internal static class Conv2dBackwardKernel
{
    /// <summary>dw (O×K) += Σₙ dyₙ (O×L) · colₙᵀ (L×K), for <paramref name="n"/> images of x.</summary>
    public static void AddWeightGrad<T>(in Conv2dGeometry g, int n, int o, ReadOnlySpan<T> x, ReadOnlySpan<T> dy, Span<T> dw)
        where T : unmanaged, INumberBase<T>
    {
        int k = g.K, l = g.L, image = g.ImageSize;
        var col = ArrayPool<T>.Shared.Rent(k * l);
        try
        {
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<T> c = x.Slice(i * image, image);
                if (!g.ColIsImage) { g.Im2Col(c, col.AsSpan(0, k * l)); c = col.AsSpan(0, k * l); }
                GemmOf<T>.Run(false, true, o, k, l, dy.Slice(i * o * l, o * l), l, c, l, T.One, dw, k);
            }
        }
        finally { ArrayPool<T>.Shared.Return(col); }
    }

    /// <summary>db[c] += Σ over images and pixels of dy[·, c, ·]; dy holds n images of O planes of L pixels.</summary>
    public static void AddBiasGrad<T>(int n, int o, int l, ReadOnlySpan<T> dy, Span<T> db) where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < n; i++)
            for (int c = 0; c < o; c++) db[c] += TensorPrimitives.Sum(dy.Slice((i * o + c) * l, l));
    }

    /// <summary>dxₙ = Col2Im(Wᵀ (K×O) · dyₙ (O×L)) for every image; dx is overwritten.</summary>
    public static void InputGrad<T>(in Conv2dGeometry g, int n, int o, ReadOnlySpan<T> w, ReadOnlySpan<T> dy, Span<T> dx)
        where T : unmanaged, INumberBase<T>
    {
        int k = g.K, l = g.L, image = g.ImageSize;
        var col = ArrayPool<T>.Shared.Rent(k * l);
        try
        {
            for (int i = 0; i < n; i++)
            {
                var gi = dy.Slice(i * o * l, o * l);
                var dxi = dx.Slice(i * image, image);
                if (g.ColIsImage) { GemmOf<T>.Run(true, false, k, l, o, w, k, gi, l, T.Zero, dxi, l); continue; }
                var dcol = col.AsSpan(0, k * l);
                GemmOf<T>.Run(true, false, k, l, o, w, k, gi, l, T.Zero, dcol, l);
                dxi.Clear(); // Col2Im adds
                g.Col2Im<T>(dcol, dxi);
            }
        }
        finally { ArrayPool<T>.Shared.Return(col); }
    }
}

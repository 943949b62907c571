using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edu.Sdk.Layers;

/// <summary>
/// The softmax of float rows of at most 16 values (a classifier's 10 logits) with each row in one AVX-512 register.
/// The scalar loops took a batch of 20 rows about a microsecond: a row's max and its sum are chains of ten dependent
/// operations each. Here a row's max and sum are four-step reductions, and the rows are independent.
/// </summary>
internal static unsafe class ShortRows
{
    /// <summary>Rows up to this long take this path.</summary>
    public const int MaxLength = 16;

    /// <summary>True when <see cref="Softmax"/> applies: rows of at most 16 floats, on an AVX-512 CPU.</summary>
    public static bool Applies(int c) => c is > 0 and <= MaxLength && Avx512F.IsSupported;

    /// <summary>
    /// <see cref="Kernels.SoftmaxRows{T}"/> for floats: p = softmax(z) row by row, each row's max (0 when infinite)
    /// and log Σₖ exp(zₖ − max).
    /// </summary>
    public static void Softmax(ReadOnlySpan<float> z, Span<float> p, Span<float> max, Span<float> logSum, int rows, int c)
    {
        if (z.Length < rows * c || p.Length < rows * c || max.Length < rows || logSum.Length < rows)
            throw new ArgumentException("Internal error: softmax buffers are too short. Please report it.");
        var mask = Tensors.LaneMask.First(c);
        var negativeInfinity = Vector512.Create(float.NegativeInfinity);
        fixed (float* zp = z, pp = p)
        {
            // z − max into p: loads from z, stores to p, so no load waits on a store.
            for (int i = 0; i < rows; i++)
            {
                var row = Avx512F.MaskLoad(zp + i * c, mask, negativeInfinity);
                float m = Max(row);
                if (float.IsInfinity(m)) m = 0f;
                max[i] = m;
                Avx512F.MaskStore(pp + i * c, mask, row - Vector512.Create(m));
            }
            TensorPrimitives.Exp(p[..(rows * c)], p);
            // The sums first, then the scaling: a masked store covers 64 bytes, and the next row's load would wait for it.
            for (int i = 0; i < rows; i++) logSum[i] = Vector512.Sum(Avx512F.MaskLoad(pp + i * c, mask, Vector512<float>.Zero));
            for (int i = 0; i < rows; i++)
                Avx512F.MaskStore(pp + i * c, mask, Avx512F.MaskLoad(pp + i * c, mask, Vector512<float>.Zero) * Vector512.Create(1f / logSum[i]));
        }
        TensorPrimitives.Log(logSum[..rows], logSum);
    }

    /// <summary>The largest lane: halves folded onto each other, four times.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static float Max(Vector512<float> v)
    {
        var m256 = Avx.Max(v.GetLower(), v.GetUpper());
        var m128 = Sse.Max(m256.GetLower(), m256.GetUpper());
        m128 = Sse.Max(m128, Sse.MoveHighToLow(m128, m128));
        m128 = Sse.MaxScalar(m128, Sse.Shuffle(m128, m128, 0b01));
        return m128.ToScalar();
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edu.Sdk.Tensors;

/// <summary>
/// 6×(2·W) tile on 256-bit registers (6×16 floats or 6×8 doubles), the classic AVX2 shape: 12 accumulators plus
/// 2 B vectors and a broadcast fit the 16 ymm registers. The fallback where AVX-512 is absent; without FMA
/// hardware it multiplies and adds separately (Vector256.FusedMultiplyAdd would be emulated in software).
/// </summary>
internal readonly unsafe struct Vector256Kernel<T> : IMicroKernel<T> where T : unmanaged, INumber<T>
{
    static int W => Vector256<T>.Count;

    public static int MR => 6;

    public static int NR => 2 * Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<T> Fma(Vector256<T> x, Vector256<T> y, Vector256<T> acc)
    {
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported) return x * y + acc;
        if (typeof(T) == typeof(float))
            return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        return System.Runtime.Intrinsics.X86.Fma.MultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
    {
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        int w = W;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + w);
            var x = Vector256.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector256.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector256.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            a += 6;
            b += 2 * w;
        }
        var va = Vector256.Create(alpha);
        Store(c, w, va, beta, c00, c01); c += ldc;
        Store(c, w, va, beta, c10, c11); c += ldc;
        Store(c, w, va, beta, c20, c21); c += ldc;
        Store(c, w, va, beta, c30, c31); c += ldc;
        Store(c, w, va, beta, c40, c41); c += ldc;
        Store(c, w, va, beta, c50, c51);
    }

    /// <summary>One row of the tile: C = α·acc (β = 0, C unread) or α·acc + β·C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(T* c, int w, Vector256<T> alpha, T beta, Vector256<T> v0, Vector256<T> v1)
    {
        if (beta == T.Zero)
        {
            (v0 * alpha).Store(c);
            (v1 * alpha).Store(c + w);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Fma(v0, alpha, Vector256.Load(c) * vb).Store(c);
            Fma(v1, alpha, Vector256.Load(c + w) * vb).Store(c + w);
        }
    }
}

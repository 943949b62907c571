using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Edu.Sdk.Tensors;

/// <summary>
/// 8×(2·W) tile on 512-bit registers (8×32 floats or 8×16 doubles): 16 accumulators, 2 B loads and 8 broadcasts
/// per step feed 16 FMAs, enough independent chains to cover the FMA latency (4 cycles × 2 ports) with room in
/// the 32 zmm registers. Called only when Avx512F.IsSupported; Vector512.IsHardwareAccelerated is false on this
/// kind of CPU (the runtime prefers 256-bit vectors for general code), but the intrinsics still compile to zmm.
/// </summary>
internal readonly unsafe struct Avx512Kernel<T> : IMicroKernel<T> where T : unmanaged, INumber<T>
{
    static int W => Vector512<T>.Count;

    public static int MR => 8;

    public static int NR => 2 * Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<T> Fma(Vector512<T> x, Vector512<T> y, Vector512<T> acc)
    {
        if (typeof(T) == typeof(float))
            return Avx512F.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), acc.AsSingle()).As<float, T>();
        return Avx512F.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), acc.AsDouble()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* c, nint ldc, T alpha, T beta)
    {
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        int w = W;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + w);
            var x = Vector512.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            x = Vector512.Create(a[6]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
            x = Vector512.Create(a[7]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
            a += 8;
            b += 2 * w;
        }
        var va = Vector512.Create(alpha);
        Store(c, w, va, beta, c00, c01); c += ldc;
        Store(c, w, va, beta, c10, c11); c += ldc;
        Store(c, w, va, beta, c20, c21); c += ldc;
        Store(c, w, va, beta, c30, c31); c += ldc;
        Store(c, w, va, beta, c40, c41); c += ldc;
        Store(c, w, va, beta, c50, c51); c += ldc;
        Store(c, w, va, beta, c60, c61); c += ldc;
        Store(c, w, va, beta, c70, c71);
    }

    /// <summary>One row of the tile: C = α·acc (β = 0, C unread) or α·acc + β·C.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(T* c, int w, Vector512<T> alpha, T beta, Vector512<T> v0, Vector512<T> v1)
    {
        if (beta == T.Zero)
        {
            (v0 * alpha).Store(c);
            (v1 * alpha).Store(c + w);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Fma(v0, alpha, Vector512.Load(c) * vb).Store(c);
            Fma(v1, alpha, Vector512.Load(c + w) * vb).Store(c + w);
        }
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Edu.Sdk.Optim;

/// <summary>The per-step constants of one Adam update, converted to the parameter's element type.</summary>
internal readonly struct AdamScalars<T>(double beta1, double beta2, double weightDecay, double lr, double eps, long step)
    where T : IFloatingPointIeee754<T>
{
    public readonly T Beta1 = T.CreateTruncating(beta1);
    public readonly T OneMinusBeta1 = T.CreateTruncating(1 - beta1);
    public readonly T Beta2 = T.CreateTruncating(beta2);
    public readonly T OneMinusBeta2 = T.CreateTruncating(1 - beta2);
    public readonly T WeightDecay = T.CreateTruncating(weightDecay);
    // As torch.optim.Adam computes them, in double: step_size = lr / (1 − β₁ᵗ), bias_correction2_sqrt = √(1 − β₂ᵗ).
    public readonly T NegStepSize = T.CreateTruncating(-(lr / (1 - Math.Pow(beta1, step))));
    public readonly T BiasCorrection2Sqrt = T.CreateTruncating(Math.Sqrt(1 - Math.Pow(beta2, step)));
    public readonly T Eps = T.CreateTruncating(eps);
}

/// <summary>
/// One Adam update of one parameter, in a single fused pass over p, g, m, v (and v_max for AMSGrad):
/// <code>
/// g ← g + λp                       (weight decay, when λ ≠ 0)
/// m ← β₁m + (1 − β₁)g
/// v ← β₂v + (1 − β₂)g²
/// v_max ← max(v_max, v)            (AMSGrad; v_max replaces v below)
/// p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)     = p − lr · m̂ / (√v̂ + ε)
/// </code>
/// in the operation order of torch.optim.Adam (1.13's single-tensor path), so results agree to rounding of the same ops.
/// Moments below <see cref="Denormals"/>' threshold are stored as 0.
/// </summary>
internal static class AdamKernel
{
    public static void Update<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> m, Span<T> v, Span<T> vMax, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = p.Length;
        if (g.Length != n || m.Length != n || v.Length != n || (!vMax.IsEmpty && vMax.Length != n))
            throw new ArgumentException("Internal error: Adam buffers differ in length. Please report it.");
        ref T rp = ref MemoryMarshal.GetReference(p);
        ref T rg = ref MemoryMarshal.GetReference(g);
        ref T rm = ref MemoryMarshal.GetReference(m);
        ref T rv = ref MemoryMarshal.GetReference(v);
        ref T rx = ref MemoryMarshal.GetReference(vMax);
        bool decay = s.WeightDecay != T.Zero, ams = !vMax.IsEmpty;
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = Wide512(ref rp, ref rg, ref rm, ref rv, ref rx, n, decay, ams, s);
        if (Vector256.IsHardwareAccelerated) i = Wide256(ref rp, ref rg, ref rm, ref rv, ref rx, i, n, decay, ams, s);
        T tiny = Denormals.Threshold<T>();
        for (; i < n; i++)
        {
            T gi = Unsafe.Add(ref rg, i), pi = Unsafe.Add(ref rp, i);
            if (decay) gi += s.WeightDecay * pi;
            T mi = s.Beta1 * Unsafe.Add(ref rm, i) + s.OneMinusBeta1 * gi;
            T vi = s.Beta2 * Unsafe.Add(ref rv, i) + s.OneMinusBeta2 * gi * gi;
            if (T.Abs(mi) < tiny) mi = T.Zero;
            if (vi < tiny) vi = T.Zero;
            Unsafe.Add(ref rm, i) = mi;
            Unsafe.Add(ref rv, i) = vi;
            if (ams) Unsafe.Add(ref rx, i) = vi = T.Max(Unsafe.Add(ref rx, i), vi);
            T denom = T.Sqrt(vi) / s.BiasCorrection2Sqrt + s.Eps;
            Unsafe.Add(ref rp, i) = pi + s.NegStepSize * (mi / denom);
        }
    }

    // The two vector loops are the scalar loop above, written with Vector512 and Vector256; flushing is
    // AndNot(x, |x| < tiny), which keeps NaN (comparisons with NaN are false).
    static int Wide512<T>(ref T rp, ref T rg, ref T rm, ref T rv, ref T rx, int n, bool decay, bool ams, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector512<T>.Count, i = 0;
        var b1 = Vector512.Create(s.Beta1); var c1 = Vector512.Create(s.OneMinusBeta1);
        var b2 = Vector512.Create(s.Beta2); var c2 = Vector512.Create(s.OneMinusBeta2);
        var wd = Vector512.Create(s.WeightDecay); var step = Vector512.Create(s.NegStepSize);
        var bc2 = Vector512.Create(s.BiasCorrection2Sqrt); var eps = Vector512.Create(s.Eps);
        var tiny = Vector512.Create(Denormals.Threshold<T>());
        for (; i <= n - w; i += w)
        {
            nuint k = (nuint)i;
            var gi = Vector512.LoadUnsafe(ref rg, k);
            var pi = Vector512.LoadUnsafe(ref rp, k);
            if (decay) gi += wd * pi;
            var mi = b1 * Vector512.LoadUnsafe(ref rm, k) + c1 * gi;
            var vi = b2 * Vector512.LoadUnsafe(ref rv, k) + c2 * gi * gi;
            mi = Vector512.AndNot(mi, Vector512.LessThan(Vector512.Abs(mi), tiny));
            vi = Vector512.AndNot(vi, Vector512.LessThan(vi, tiny));
            mi.StoreUnsafe(ref rm, k);
            vi.StoreUnsafe(ref rv, k);
            if (ams)
            {
                vi = Vector512.Max(Vector512.LoadUnsafe(ref rx, k), vi);
                vi.StoreUnsafe(ref rx, k);
            }
            var denom = Vector512.Sqrt(vi) / bc2 + eps;
            (pi + step * (mi / denom)).StoreUnsafe(ref rp, k);
        }
        return i;
    }

    static int Wide256<T>(ref T rp, ref T rg, ref T rm, ref T rv, ref T rx, int i, int n, bool decay, bool ams, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector256<T>.Count;
        var b1 = Vector256.Create(s.Beta1); var c1 = Vector256.Create(s.OneMinusBeta1);
        var b2 = Vector256.Create(s.Beta2); var c2 = Vector256.Create(s.OneMinusBeta2);
        var wd = Vector256.Create(s.WeightDecay); var step = Vector256.Create(s.NegStepSize);
        var bc2 = Vector256.Create(s.BiasCorrection2Sqrt); var eps = Vector256.Create(s.Eps);
        var tiny = Vector256.Create(Denormals.Threshold<T>());
        for (; i <= n - w; i += w)
        {
            nuint k = (nuint)i;
            var gi = Vector256.LoadUnsafe(ref rg, k);
            var pi = Vector256.LoadUnsafe(ref rp, k);
            if (decay) gi += wd * pi;
            var mi = b1 * Vector256.LoadUnsafe(ref rm, k) + c1 * gi;
            var vi = b2 * Vector256.LoadUnsafe(ref rv, k) + c2 * gi * gi;
            mi = Vector256.AndNot(mi, Vector256.LessThan(Vector256.Abs(mi), tiny));
            vi = Vector256.AndNot(vi, Vector256.LessThan(vi, tiny));
            mi.StoreUnsafe(ref rm, k);
            vi.StoreUnsafe(ref rv, k);
            if (ams)
            {
                vi = Vector256.Max(Vector256.LoadUnsafe(ref rx, k), vi);
                vi.StoreUnsafe(ref rx, k);
            }
            var denom = Vector256.Sqrt(vi) / bc2 + eps;
            (pi + step * (mi / denom)).StoreUnsafe(ref rp, k);
        }
        return i;
    }
}

using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        if (Vector.IsHardwareAccelerated) i = Wide(ref rp, ref rg, ref rm, ref rv, ref rx, n, decay, ams, s);
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

    // The vector loop is the scalar loop above on Vector<T> (the runtime's preferred width: 256 bits here, 512 where
    // the runtime enables it); flushing is AndNot(x, |x| < tiny), which keeps NaN (comparisons with NaN are false).
    static int Wide<T>(ref T rp, ref T rg, ref T rm, ref T rv, ref T rx, int n, bool decay, bool ams, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, i = 0;
        var b1 = new Vector<T>(s.Beta1); var c1 = new Vector<T>(s.OneMinusBeta1);
        var b2 = new Vector<T>(s.Beta2); var c2 = new Vector<T>(s.OneMinusBeta2);
        var wd = new Vector<T>(s.WeightDecay); var step = new Vector<T>(s.NegStepSize);
        var bc2 = new Vector<T>(s.BiasCorrection2Sqrt); var eps = new Vector<T>(s.Eps);
        var tiny = new Vector<T>(Denormals.Threshold<T>());
        for (; i <= n - w; i += w)
        {
            nuint k = (nuint)i;
            var gi = Vector.LoadUnsafe(ref rg, k);
            var pi = Vector.LoadUnsafe(ref rp, k);
            if (decay) gi += wd * pi;
            var mi = b1 * Vector.LoadUnsafe(ref rm, k) + c1 * gi;
            var vi = b2 * Vector.LoadUnsafe(ref rv, k) + c2 * gi * gi;
            mi = Vector.AndNot(mi, Vector.LessThan(Vector.Abs(mi), tiny));
            vi = Vector.AndNot(vi, Vector.LessThan(vi, tiny));
            mi.StoreUnsafe(ref rm, k);
            vi.StoreUnsafe(ref rv, k);
            if (ams)
            {
                vi = Vector.Max(Vector.LoadUnsafe(ref rx, k), vi);
                vi.StoreUnsafe(ref rx, k);
            }
            var denom = Vector.SquareRoot(vi) / bc2 + eps;
            (pi + step * (mi / denom)).StoreUnsafe(ref rp, k);
        }
        return i;
    }
}

using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Edu.Sdk.Optim;

/// <summary>The constants of one SGD update, converted to the parameter's element type.</summary>
internal readonly struct SgdScalars<T>(double lr, double momentum, double dampening, double weightDecay, bool nesterov)
    where T : IFloatingPointIeee754<T>
{
    public readonly T NegLr = T.CreateTruncating(-lr);
    public readonly T Momentum = T.CreateTruncating(momentum);
    public readonly T OneMinusDampening = T.CreateTruncating(1 - dampening);
    public readonly T WeightDecay = T.CreateTruncating(weightDecay);
    public readonly bool Nesterov = nesterov;
}

/// <summary>
/// One SGD update of one parameter in a single fused pass, as torch.optim.SGD computes it:
/// <code>
/// d ← g + λp                        (weight decay, when λ ≠ 0)
/// b ← d on the first step, else μb + (1 − dampening)d     (momentum, when μ ≠ 0)
/// d ← d + μb (Nesterov) or b
/// p ← p − lr·d
/// </code>
/// The momentum buffer is flushed to 0 below <see cref="Denormals"/>' threshold (it decays as μᵗ where g = 0).
/// </summary>
internal static class SgdKernel
{
    /// <param name="p">The parameter.</param>
    /// <param name="g">Its gradient.</param>
    /// <param name="buf">The momentum buffer; empty without momentum.</param>
    /// <param name="first">True on the buffer's first step (it is then set to d, without dampening).</param>
    /// <param name="s">The constants.</param>
    public static void Update<T>(Span<T> p, ReadOnlySpan<T> g, Span<T> buf, bool first, in SgdScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = p.Length;
        if (g.Length != n || (!buf.IsEmpty && buf.Length != n))
            throw new ArgumentException("Internal error: SGD buffers differ in length. Please report it.");
        ref T rp = ref MemoryMarshal.GetReference(p);
        ref T rg = ref MemoryMarshal.GetReference(g);
        ref T rb = ref MemoryMarshal.GetReference(buf);
        bool decay = s.WeightDecay != T.Zero, momentum = !buf.IsEmpty;
        if (!decay && !momentum)
        {
            // Plain SGD, p ← p − lr·g: one multiply-add pass at the widest vector width (the A2 student's step).
            TensorPrimitives.MultiplyAdd(g, s.NegLr, p, p);
            return;
        }
        int i = 0;
        if (Vector.IsHardwareAccelerated) i = Wide(ref rp, ref rg, ref rb, n, decay, momentum, first, s);
        T tiny = Denormals.Threshold<T>();
        for (; i < n; i++)
        {
            T pi = Unsafe.Add(ref rp, i), d = Unsafe.Add(ref rg, i);
            if (decay) d += s.WeightDecay * pi;
            if (momentum)
            {
                T b = first ? d : s.Momentum * Unsafe.Add(ref rb, i) + s.OneMinusDampening * d;
                if (T.Abs(b) < tiny) b = T.Zero;
                Unsafe.Add(ref rb, i) = b;
                d = s.Nesterov ? d + s.Momentum * b : b;
            }
            Unsafe.Add(ref rp, i) = pi + s.NegLr * d;
        }
    }

    // The scalar loop above on Vector<T> (the runtime's preferred width).
    static int Wide<T>(ref T rp, ref T rg, ref T rb, int n, bool decay, bool momentum, bool first, in SgdScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int w = Vector<T>.Count, i = 0;
        var lr = new Vector<T>(s.NegLr); var mu = new Vector<T>(s.Momentum);
        var damp = new Vector<T>(s.OneMinusDampening); var wd = new Vector<T>(s.WeightDecay);
        var tiny = new Vector<T>(Denormals.Threshold<T>());
        for (; i <= n - w; i += w)
        {
            nuint k = (nuint)i;
            var pi = Vector.LoadUnsafe(ref rp, k);
            var d = Vector.LoadUnsafe(ref rg, k);
            if (decay) d += wd * pi;
            if (momentum)
            {
                var b = first ? d : mu * Vector.LoadUnsafe(ref rb, k) + damp * d;
                b = Vector.AndNot(b, Vector.LessThan(Vector.Abs(b), tiny));
                b.StoreUnsafe(ref rb, k);
                d = s.Nesterov ? d + mu * b : b;
            }
            (pi + lr * d).StoreUnsafe(ref rp, k);
        }
        return i;
    }
}

using System.Numerics.Tensors;
using Edu.Sdk.Nn;
using Edu.Sdk.Tensors;

namespace Edu.Sdk.Training;

/// <summary>
/// Measures each parameter's gradient norm after every backward (one vectorised pass over the gradients, no
/// allocation) and remembers the first step's norms, so a blow-up can be named and put in scale.
/// </summary>
internal sealed class GradientMonitor(IReadOnlyList<(string name, Parameter parameter)> parameters)
{
    readonly double[] _first = Enumerable.Repeat(double.NaN, parameters.Count).ToArray();
    readonly double[] _last = Enumerable.Repeat(double.NaN, parameters.Count).ToArray();
    bool _seen;

    /// <summary>True once a backward has been measured.</summary>
    public bool HasGradients => _seen;

    /// <summary>The parameter whose gradient the last <see cref="Measure"/> found non-finite, or -1.</summary>
    public int NonFinite { get; private set; } = -1;

    /// <summary>Measures the current gradients; returns the index of the first non-finite one, or -1.</summary>
    public int Measure()
    {
        int bad = -1;
        for (int i = 0; i < parameters.Count; i++)
        {
            var grad = parameters[i].parameter.GradAsIs;
            double norm = PendingNorm(grad);
            _last[i] = norm;
            if (!_seen) _first[i] = norm;
            // A parameter without a gradient (frozen, or not reached by this loss) has none to blow up.
            if (bad < 0 && grad is not null && !double.IsFinite(norm)) bad = i;
        }
        _seen = true;
        NonFinite = bad;
        return bad;
    }

    public double Last(int i) => _last[i];

    public double First(int i) => _first[i];

    /// <summary>The parameter whose last gradient grew most relative to its first one (or the largest, without a first).</summary>
    public int MostGrown()
    {
        int best = -1;
        double bestRatio = double.NegativeInfinity;
        for (int i = 0; i < _last.Length; i++)
        {
            double last = _last[i];
            if (double.IsNaN(last)) continue;
            double ratio = _first[i] > 0 && double.IsFinite(_first[i]) ? last / _first[i] : last;
            if (!double.IsFinite(last)) ratio = double.PositiveInfinity;
            if (ratio > bestRatio) (best, bestRatio) = (i, ratio);
        }
        return best;
    }

    /// <summary>
    /// The 2-norm of a gradient as it stands, writing nothing pending: zeros still to be written measure 0, and a batch
    /// of one's weight gradient kept as two factors is measured from them, so that watching it does not write the
    /// product that plain SGD applies without writing (<see cref="Autograd.PendingOuter"/>).
    /// </summary>
    static double PendingNorm(torch.Tensor? g)
    {
        if (g is null) return double.NaN;
        if (g._zeroPending) return 0;
        if (g._outer is { Active: true } outer)
        {
            // ‖α·u·vᵀ‖_F = |α|·‖u‖·‖v‖; a NaN or an infinity in a factor shows as it would in the product (∞·0 = NaN).
            var (u, v, alpha) = outer.Factors;
            return Math.Abs(alpha) * Norm(u) * Norm(v);
        }
        return Norm(g);
    }

    /// <summary>The 2-norm of a gradient (NaN when there is none; ∞ or NaN when it holds non-finite values or overflows).</summary>
    internal static double Norm(torch.Tensor? g)
    {
        if (g is null) return double.NaN;
        var t = g.Contiguous();
        return t.dtype switch
        {
            ScalarType.Float32 => Math.Sqrt(TensorPrimitives.SumOfSquares(t.Span<float>())),
            ScalarType.Float64 => Math.Sqrt(TensorPrimitives.SumOfSquares(t.Span<double>())),
            _ => double.NaN,
        };
    }

    /// <summary>True when <paramref name="t"/> holds a NaN or an infinity.</summary>
    internal static bool HasNonFinite(torch.Tensor t)
    {
        var c = t.Contiguous();
        switch (c.dtype)
        {
            case ScalarType.Float32:
                foreach (var v in c.Span<float>()) if (!float.IsFinite(v)) return true;
                return false;
            case ScalarType.Float64:
                foreach (var v in c.Span<double>()) if (!double.IsFinite(v)) return true;
                return false;
            default:
                return false;
        }
    }
}

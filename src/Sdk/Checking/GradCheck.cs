using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Checking;

/// <summary>
/// Gradient checking with <c>torch.autograd.gradcheck</c>'s semantics: the analytical gradient (from the tape, a
/// custom function's backward, or a hand-written layer's backward) against central differences
/// (f(x + ε) − f(x − ε)) / 2ε, in float64, entry by entry. The report gives, per tensor, the largest absolute and
/// relative error and the index where it is worst.
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Checks the full Jacobian of <paramref name="f"/> at <paramref name="inputs"/> (Float64 tensors; those with
    /// <c>requires_grad</c> are checked). Cost: one backward per output element and two forwards per input element,
    /// so keep the tensors small; <see cref="Directional"/> scales to large ones.
    /// </summary>
    public static GradCheckReport Function(Func<Tensor[], Tensor> f, Tensor[] inputs, GradCheckOptions? options = null, string what = "the function")
    {
        var o = options ?? GradCheckOptions.Default;
        RequireDouble(inputs.Select((t, i) => ($"input {i}", t)));
        var checkedInputs = inputs.Where(t => t.requires_grad).ToArray();
        if (checkedInputs.Length == 0)
            throw new ArgumentException("GradCheck: no input has requires_grad = true, so there is nothing to check; set it on the inputs to differentiate by.");
        var y = f(inputs);
        int m = (int)y.numel();
        // Analytical Jacobian, one row per output element: row j = eⱼᵀ J, from one backward with dL/dy = eⱼ.
        var analytic = checkedInputs.Select(t => new double[m, t.numel()]).ToArray();
        for (int j = 0; j < m; j++)
        {
            var seed = zeros(y.shape, float64);
            seed.SetFlat(j, 1, ScalarType.Float64);
            var grads = autograd.grad([y], checkedInputs, [seed], retain_graph: true, allow_unused: true);
            for (int i = 0; i < checkedInputs.Length; i++)
                if (grads[i] is { } g)
                {
                    var gv = g.Contiguous().data<double>();
                    for (int k = 0; k < gv.Length; k++) analytic[i][j, k] = gv[k];
                }
        }
        // Numerical Jacobian, one column per input element.
        var entries = new List<GradCheckEntry>();
        for (int i = 0; i < checkedInputs.Length; i++)
        {
            var x = checkedInputs[i];
            var numeric = new double[m, x.numel()];
            var data = x.Span<double>();
            for (int k = 0; k < data.Length; k++)
            {
                double keep = data[k];
                double[] plus, minus;
                using (no_grad())
                {
                    data[k] = keep + o.Eps; plus = Values(f(inputs));
                    data[k] = keep - o.Eps; minus = Values(f(inputs));
                    data[k] = keep;
                }
                for (int j = 0; j < m; j++) numeric[j, k] = (plus[j] - minus[j]) / (2 * o.Eps);
            }
            entries.Add(Compare($"input {Array.IndexOf(inputs, x)}", x.shape, Flatten(analytic[i]), Flatten(numeric), m, o));
        }
        return Finish(what, entries, o);
    }

    /// <summary>
    /// Checks the gradient of a scalar <paramref name="loss"/> with respect to named tensors (a model's parameters,
    /// in Float64). The analytical gradient comes from <paramref name="analytic"/> when given (a hand-written or
    /// generated backward returning one gradient per tensor), else from the tape.
    /// </summary>
    public static GradCheckReport Loss(Func<Tensor> loss, IReadOnlyList<(string Name, Tensor Value)> tensors,
        Func<IReadOnlyList<Tensor>>? analytic = null, GradCheckOptions? options = null, string what = "the loss")
    {
        var o = options ?? GradCheckOptions.Default;
        RequireDouble(tensors);
        IReadOnlyList<Tensor?> grads;
        if (analytic is not null)
        {
            // A gradient check leaves the parameters as they are: no SGD step inside a generated backward it calls.
            using (Layers.StepsInBackward.Suspend()) grads = analytic();
            if (grads.Count != tensors.Count)
                throw new ArgumentException($"GradCheck: the analytical gradient has {grads.Count} tensors for {tensors.Count} checked tensors; return one per tensor, in order.");
        }
        else
        {
            var l = loss();
            RequireScalar(l);
            grads = autograd.grad([l], tensors.Select(t => t.Value).ToArray(), allow_unused: true);
        }
        var entries = new List<GradCheckEntry>();
        for (int i = 0; i < tensors.Count; i++)
        {
            var (name, x) = tensors[i];
            if (grads[i] is { } g && !g.Dims.SequenceEqual(x.Dims))
                throw new ArgumentException($"GradCheck: the analytical gradient of {name} has shape ({g.ShapeText}) but {name} has shape ({x.ShapeText}).");
            var a = grads[i] is { } gg ? Values(gg) : new double[x.numel()];
            var n = new double[x.numel()];
            var data = x.Span<double>();
            using (no_grad())
                for (int k = 0; k < data.Length; k++)
                {
                    double keep = data[k];
                    data[k] = keep + o.Eps; double plus = Scalar(loss());
                    data[k] = keep - o.Eps; double minus = Scalar(loss());
                    data[k] = keep;
                    n[k] = (plus - minus) / (2 * o.Eps);
                }
            entries.Add(Compare(name, x.shape, a, n, 1, o));
        }
        return Finish(what, entries, o);
    }

    /// <summary>
    /// A random-direction check that scales to large layers: for random u (over the inputs) and v (over the output),
    /// compares vᵀJu from one backward (⟨vᵀJ, u⟩) with the directional difference ⟨v, f(x + εu) − f(x − εu)⟩ / 2ε.
    /// Each of <paramref name="directions"/> draws costs one backward and two forwards.
    /// </summary>
    public static GradCheckReport Directional(Func<Tensor[], Tensor> f, Tensor[] inputs, int directions = 4, long seed = 0,
        GradCheckOptions? options = null, string what = "the function")
    {
        var o = options ?? GradCheckOptions.Default;
        RequireDouble(inputs.Select((t, i) => ($"input {i}", t)));
        var checkedInputs = inputs.Where(t => t.requires_grad).ToArray();
        var g = new Generator(seed);
        var a = new double[directions];
        var n = new double[directions];
        for (int d = 0; d < directions; d++)
        {
            var y = f(inputs);
            var v = randn(y.shape, float64, g);
            var us = checkedInputs.Select(x => randn(x.shape, float64, g)).ToArray();
            var vj = autograd.grad([y], checkedInputs, [v], allow_unused: true);
            double analytic = 0;
            for (int i = 0; i < us.Length; i++)
                if (vj[i] is { } gi) analytic += Dot(Values(gi), Values(us[i]));
            double plus, minus;
            using (no_grad())
            {
                for (int i = 0; i < us.Length; i++) checkedInputs[i].add_(us[i], o.Eps);
                plus = Dot(Values(f(inputs)), Values(v));
                for (int i = 0; i < us.Length; i++) checkedInputs[i].add_(us[i], -2 * o.Eps);
                minus = Dot(Values(f(inputs)), Values(v));
                for (int i = 0; i < us.Length; i++) checkedInputs[i].add_(us[i], o.Eps);
            }
            a[d] = analytic;
            n[d] = (plus - minus) / (2 * o.Eps);
        }
        var entry = Compare($"{directions} random directions", [directions], a, n, 1, o);
        return Finish(what, [entry], o);
    }

    static GradCheckEntry Compare(string name, long[] shape, double[] analytic, double[] numeric, int rows, GradCheckOptions o)
    {
        double maxAbs = 0, maxRel = 0, worstExcess = double.NegativeInfinity;
        int worst = 0;
        bool passed = true;
        for (int k = 0; k < analytic.Length; k++)
        {
            double err = Math.Abs(analytic[k] - numeric[k]);
            if (double.IsNaN(err)) err = double.PositiveInfinity;
            double allowed = o.Atol + o.Rtol * Math.Abs(numeric[k]);
            maxAbs = Math.Max(maxAbs, err);
            maxRel = Math.Max(maxRel, err / Math.Max(Math.Abs(numeric[k]), 1e-12));
            if (err > allowed) passed = false;
            if (err - allowed > worstExcess) { worstExcess = err - allowed; worst = k; }
        }
        // Entries are laid out [output row, input element]: report the input's own multi-index.
        int cols = analytic.Length / Math.Max(rows, 1);
        var index = Unravel(cols == 0 ? 0 : worst % cols, shape);
        return new GradCheckEntry(name, shape, maxAbs, maxRel, index,
            analytic.Length == 0 ? 0 : analytic[worst], numeric.Length == 0 ? 0 : numeric[worst], passed);
    }

    static GradCheckReport Finish(string what, List<GradCheckEntry> entries, GradCheckOptions o)
    {
        var report = new GradCheckReport(what, entries, o);
        if (o.Throw && !report.Passed) throw new GradCheckException(report);
        return report;
    }

    static long[] Unravel(int flat, long[] shape)
    {
        var idx = new long[shape.Length];
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            if (shape[i] == 0) continue;
            idx[i] = flat % shape[i];
            flat /= (int)shape[i];
        }
        return idx;
    }

    static void RequireDouble(IEnumerable<(string Name, Tensor Value)> tensors)
    {
        foreach (var (name, t) in tensors)
        {
            if (!t.is_contiguous())
                throw new ArgumentException($"GradCheck: {name} is a transposed view; pass a contiguous tensor (.Contiguous()) so it can be perturbed in place.");
            if (t.dtype != ScalarType.Float64)
                throw new ArgumentException(
                    $"GradCheck: {name} is {t.dtype}; gradient checks need Float64 (call .to(float64) on inputs, or model.to(float64)), since float32 central differences with eps 1e-6 are mostly rounding noise.");
        }
    }

    static void RequireScalar(Tensor l)
    {
        if (l.numel() != 1)
            throw new ArgumentException($"GradCheck: the loss has shape ({l.ShapeText}); it must be a scalar (reduce it with mean() or sum()).");
    }

    static double Scalar(Tensor t)
    {
        RequireScalar(t);
        return t.ToDouble();
    }

    static double[] Values(Tensor t) => t.to(ScalarType.Float64).Contiguous().data<double>().ToArray();

    static double[] Flatten(double[,] a)
    {
        var r = new double[a.Length];
        Buffer.BlockCopy(a, 0, r, 0, a.Length * sizeof(double));
        return r;
    }

    static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}

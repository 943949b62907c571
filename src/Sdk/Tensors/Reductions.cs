using System.Numerics.Tensors;
using Edu.Sdk.Autograd;
using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>The sum of all elements, as a 0-d tensor (Int64 for Int64 and Bool tensors).</summary>
        public Tensor sum()
        {
            var r = SumAll();
            return GradMode.Wants(this) ? r.WithGradFn(new SumBackward(this)) : r;
        }

        Tensor SumAll()
        {
            var x = Contiguous();
            return dtype switch
            {
                ScalarType.Float32 => tensor(TensorPrimitives.Sum(x.Span<float>())),
                ScalarType.Float64 => tensor(TensorPrimitives.Sum(x.Span<double>())),
                ScalarType.Int64 => tensor(TensorPrimitives.Sum(x.Span<long>())),
                _ => tensor((long)x.Span<bool>().Count(true)),
            };
        }

        /// <summary>Sums over <paramref name="dim"/>; <paramref name="keepdim"/> keeps it with size 1.</summary>
        public Tensor sum(long dim, bool keepdim = false)
        {
            var x = AsFloatFor("sum").Contiguous();
            var ax = new Axis("sum", x.Dims, dim, keepdim);
            var r = Empty(x.dtype, ax.ReducedDims(x.Dims));
            if (x.dtype == ScalarType.Float32) Reduce.Sum(ax, x.Span<float>(), r.Span<float>());
            else Reduce.Sum(ax, x.Span<double>(), r.Span<double>());
            return GradMode.Wants(this) ? r.WithGradFn(new SumDimBackward(this, ax.Dim, keepdim)) : r;
        }

        /// <summary>Sums over several dims at once.</summary>
        public Tensor sum(long[] dims, bool keepdim = false)
        {
            var norm = dims.Select(d => Shape.NormalizeDim("sum", d, _dims)).Distinct().OrderDescending().ToArray();
            var r = this;
            foreach (int d in norm) r = r.sum(d, keepdim);
            return r;
        }

        /// <summary>The mean of all elements, as a 0-d tensor.</summary>
        public Tensor mean()
        {
            var x = AsFloatFor("mean");
            if (_numel == 0) return full([], double.NaN, x.dtype);
            return x.sum().div(_numel);
        }

        /// <summary>The mean over <paramref name="dim"/>.</summary>
        public Tensor mean(long dim, bool keepdim = false)
        {
            int d = Shape.NormalizeDim("mean", dim, _dims);
            return sum(d, keepdim).div(_dims.Length == 0 ? 1 : _dims[d]);
        }

        /// <summary>The mean over several dims at once.</summary>
        public Tensor mean(long[] dims, bool keepdim = false)
        {
            long n = 1;
            foreach (int d in dims.Select(d => Shape.NormalizeDim("mean", d, _dims)).Distinct()) n *= _dims[d];
            return sum(dims, keepdim).div(n);
        }

        /// <summary>The largest element, as a 0-d tensor (NaN if any element is NaN).</summary>
        public Tensor max() => Extreme("max", true);

        /// <summary>The smallest element, as a 0-d tensor (NaN if any element is NaN).</summary>
        public Tensor min() => Extreme("min", false);

        Tensor Extreme(string op, bool max)
        {
            var x = AsFloatFor(op).Contiguous();
            if (_numel == 0) throw new InvalidOperationException($"{op}: the tensor is empty (shape {ShapeText}); there is no {op}imum.");
            var r = x.dtype == ScalarType.Float32
                ? tensor(max ? TensorPrimitives.Max(x.Span<float>()) : TensorPrimitives.Min(x.Span<float>()))
                : tensor(max ? TensorPrimitives.Max(x.Span<double>()) : TensorPrimitives.Min(x.Span<double>()));
            return GradMode.Wants(this) ? r.WithGradFn(new ExtremeAllBackward(this, r)) : r;
        }

        /// <summary>The largest values along <paramref name="dim"/> and the (Int64) indices where they occur first.</summary>
        public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false) => ArgExtreme("max", dim, keepdim, true);

        /// <summary>The smallest values along <paramref name="dim"/> and the (Int64) indices where they occur first.</summary>
        public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false) => ArgExtreme("min", dim, keepdim, false);

        /// <summary>The (Int64) index of the largest value along <paramref name="dim"/>: the predicted class for <c>dim = 1</c>.</summary>
        public Tensor argmax(long dim, bool keepdim = false) => ArgExtreme("argmax", dim, keepdim, true).indexes;

        /// <summary>The (Int64) index of the largest element of the flattened tensor, as a 0-d tensor.</summary>
        public Tensor argmax() => flatten().argmax(0);

        /// <summary>The (Int64) index of the smallest value along <paramref name="dim"/>.</summary>
        public Tensor argmin(long dim, bool keepdim = false) => ArgExtreme("argmin", dim, keepdim, false).indexes;

        (Tensor values, Tensor indexes) ArgExtreme(string op, long dim, bool keepdim, bool max)
        {
            var x = AsFloatFor(op).Contiguous();
            var ax = new Axis(op, x.Dims, dim, keepdim);
            if (ax.Size == 0) throw new InvalidOperationException($"{op}: dim {dim} of shape ({ShapeText}) is empty; there is nothing to compare.");
            var reduced = ax.ReducedDims(x.Dims);
            var values = Empty(x.dtype, reduced);
            var idx = Empty<long>(reduced);
            if (x.dtype == ScalarType.Float32) Reduce.ArgExtreme(ax, x.Span<float>(), values.Span<float>(), idx.Span<long>(), max);
            else Reduce.ArgExtreme(ax, x.Span<double>(), values.Span<double>(), idx.Span<long>(), max);
            if (GradMode.Wants(this)) values.WithGradFn(new ExtremeDimBackward(this, idx, ax.Dim));
            return (values, idx);
        }

        /// <summary>log Σ exp(x) along <paramref name="dim"/>, computed stably as m + log Σ exp(x − m) with m the max.</summary>
        public Tensor logsumexp(long dim, bool keepdim = false)
        {
            int d = Shape.NormalizeDim("logsumexp", dim, _dims);
            Tensor r;
            using (no_grad())
            {
                var m = max(d, true).values;
                // Where the max is infinite, shifting by it would give NaN; shift by 0 there instead.
                ZeroNonFinite(m);
                r = sub(m).exp().sum(d, true).log().add(m);
                if (!keepdim) r = r.squeeze(d);
            }
            return GradMode.Wants(this) ? r.WithGradFn(new LogsumexpBackward(this, r, d, keepdim)) : r;
        }

        static void ZeroNonFinite(Tensor t)
        {
            if (t.dtype == ScalarType.Float32) { var s = t.Span<float>(); for (int i = 0; i < s.Length; i++) if (!float.IsFinite(s[i])) s[i] = 0; }
            else { var s = t.Span<double>(); for (int i = 0; i < s.Length; i++) if (!double.IsFinite(s[i])) s[i] = 0; }
        }

        /// <summary>Softmax along <paramref name="dim"/>: non-negative values that sum to 1, stable for any finite input.</summary>
        public Tensor softmax(long dim) => SoftmaxCore("softmax", dim, log: false);

        /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed directly (x − m − log Σ e^(x−m)) so it stays finite.</summary>
        public Tensor log_softmax(long dim) => SoftmaxCore("log_softmax", dim, log: true);

        Tensor SoftmaxCore(string op, long dim, bool log)
        {
            Elementwise.RequireFloat(op, this);
            var x = Contiguous();
            var ax = new Axis(op, x.Dims, dim, keepdim: true);
            var r = Empty(x.dtype, x._dims);
            if (x.dtype == ScalarType.Float32) Reduce.Softmax(ax, x.Span<float>(), r.Span<float>(), log);
            else Reduce.Softmax(ax, x.Span<double>(), r.Span<double>(), log);
            return GradMode.Wants(this) ? r.WithGradFn(new SoftmaxBackward(this, r, ax.Dim, log)) : r;
        }

        /// <summary>Int64 and Bool tensors reduce along a dim as Float64, which holds their counts exactly.</summary>
        Tensor AsFloatFor(string op) => dtype.IsFloatingPoint() ? this : to(ScalarType.Float64);
    }

    /// <summary>Softmax along <paramref name="dim"/>.</summary>
    public static Tensor softmax(Tensor x, long dim) => x.softmax(dim);
    /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably.</summary>
    public static Tensor log_softmax(Tensor x, long dim) => x.log_softmax(dim);
    /// <summary>The sum of all elements.</summary>
    public static Tensor sum(Tensor x) => x.sum();
    /// <summary>The mean of all elements.</summary>
    public static Tensor mean(Tensor x) => x.mean();
}

using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>eˣ, element-wise.</summary>
        public Tensor exp() => Elementwise.Unary<ExpOp>("exp", this);
        /// <summary>Natural logarithm, element-wise (−∞ at 0, NaN below).</summary>
        public Tensor log() => Elementwise.Unary<LogOp>("log", this);
        /// <summary>Square root, element-wise.</summary>
        public Tensor sqrt() => Elementwise.Unary<SqrtOp>("sqrt", this);
        /// <summary>Absolute value, element-wise.</summary>
        public Tensor abs() => Elementwise.Unary<AbsOp>("abs", this);
        /// <summary>max(x, 0), element-wise.</summary>
        public Tensor relu() => Elementwise.Unary<ReluOp>("relu", this);
        /// <summary>1 / (1 + e⁻ˣ), element-wise.</summary>
        public Tensor sigmoid() => Elementwise.Unary<SigmoidOp>("sigmoid", this);
        /// <summary>Hyperbolic tangent, element-wise.</summary>
        public Tensor tanh() => Elementwise.Unary<TanhOp>("tanh", this);

        /// <summary>Limits every element to [<paramref name="min"/>, <paramref name="max"/>] (either bound may be omitted).</summary>
        public Tensor clamp(double? min = null, double? max = null)
        {
            if (min is null && max is null) throw new ArgumentException("clamp: give at least one of min and max.");
            if (min > max) throw new ArgumentException($"clamp: min {min} is greater than max {max}.");
            var r = this;
            if (min is { } lo) r = Elementwise.Scalar<MaximumOp>("clamp", r, lo, false);
            if (max is { } hi) r = Elementwise.Scalar<MinimumOp>("clamp", r, hi, false, ReferenceEquals(r, this) ? null : r);
            return r;
        }

        /// <summary>Limits every element to at least <paramref name="min"/>.</summary>
        public Tensor clamp_min(double min) => clamp(min, null);
        /// <summary>Limits every element to at most <paramref name="max"/>.</summary>
        public Tensor clamp_max(double max) => clamp(null, max);
    }

    /// <summary>eˣ, element-wise, written into <paramref name="out"/> when given.</summary>
    public static Tensor exp(Tensor x, Tensor? @out = null) => Elementwise.Unary<ExpOp>("exp", x, @out);
    /// <summary>Natural logarithm, element-wise.</summary>
    public static Tensor log(Tensor x, Tensor? @out = null) => Elementwise.Unary<LogOp>("log", x, @out);
    /// <summary>Square root, element-wise.</summary>
    public static Tensor sqrt(Tensor x, Tensor? @out = null) => Elementwise.Unary<SqrtOp>("sqrt", x, @out);
    /// <summary>Absolute value, element-wise.</summary>
    public static Tensor abs(Tensor x, Tensor? @out = null) => Elementwise.Unary<AbsOp>("abs", x, @out);
    /// <summary>max(x, 0), element-wise.</summary>
    public static Tensor relu(Tensor x, Tensor? @out = null) => Elementwise.Unary<ReluOp>("relu", x, @out);
    /// <summary>1 / (1 + e⁻ˣ), element-wise.</summary>
    public static Tensor sigmoid(Tensor x, Tensor? @out = null) => Elementwise.Unary<SigmoidOp>("sigmoid", x, @out);
    /// <summary>Hyperbolic tangent, element-wise.</summary>
    public static Tensor tanh(Tensor x, Tensor? @out = null) => Elementwise.Unary<TanhOp>("tanh", x, @out);
    /// <summary>Limits every element to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Tensor clamp(Tensor x, double? min = null, double? max = null) => x.clamp(min, max);
}

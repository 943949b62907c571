using Edu.Sdk.Autograd;
using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>eˣ, element-wise.</summary>
        public Tensor exp()
        {
            var r = Elementwise.Unary<ExpOp>("exp", this);
            return GradMode.Wants(this) ? r.WithGradFn(new ExpBackward(this, r)) : r;
        }
        /// <summary>Natural logarithm, element-wise (−∞ at 0, NaN below).</summary>
        public Tensor log()
        {
            var r = Elementwise.Unary<LogOp>("log", this);
            return GradMode.Wants(this) ? r.WithGradFn(new LogBackward(this)) : r;
        }
        /// <summary>Square root, element-wise.</summary>
        public Tensor sqrt()
        {
            var r = Elementwise.Unary<SqrtOp>("sqrt", this);
            return GradMode.Wants(this) ? r.WithGradFn(new SqrtBackward(this, r)) : r;
        }
        /// <summary>Absolute value, element-wise.</summary>
        public Tensor abs()
        {
            var r = Elementwise.Unary<AbsOp>("abs", this);
            return GradMode.Wants(this) ? r.WithGradFn(new AbsBackward(this)) : r;
        }
        /// <summary>max(x, 0), element-wise.</summary>
        public Tensor relu() => Activation<ReluOp>("relu", ActivationBackward.Kind.Relu);
        /// <summary>1 / (1 + e⁻ˣ), element-wise.</summary>
        public Tensor sigmoid() => Activation<SigmoidOp>("sigmoid", ActivationBackward.Kind.Sigmoid);
        /// <summary>Hyperbolic tangent, element-wise.</summary>
        public Tensor tanh() => Activation<TanhOp>("tanh", ActivationBackward.Kind.Tanh);

        Tensor Activation<TOp>(string op, ActivationBackward.Kind kind) where TOp : IUnaryOp
        {
            var r = Elementwise.Unary<TOp>(op, this);
            return GradMode.Wants(this) ? r.WithGradFn(new ActivationBackward(this, r, kind)) : r;
        }

        /// <summary>Limits every element to [<paramref name="min"/>, <paramref name="max"/>] (either bound may be omitted).</summary>
        public Tensor clamp(double? min = null, double? max = null)
        {
            if (min is null && max is null) throw new ArgumentException("clamp: give at least one of min and max.");
            if (min > max) throw new ArgumentException($"clamp: min {min} is greater than max {max}.");
            var r = this;
            if (min is { } lo) r = Elementwise.Scalar<MaximumOp>("clamp", r, lo, false);
            if (max is { } hi) r = Elementwise.Scalar<MinimumOp>("clamp", r, hi, false, ReferenceEquals(r, this) ? null : r);
            return GradMode.Wants(this) ? r.WithGradFn(new ClampBackward(this, min, max)) : r;
        }

        /// <summary>Limits every element to at least <paramref name="min"/>.</summary>
        public Tensor clamp_min(double min) => clamp(min, null);
        /// <summary>Limits every element to at most <paramref name="max"/>.</summary>
        public Tensor clamp_max(double max) => clamp(null, max);
    }

    /// <summary>eˣ, element-wise, written into <paramref name="out"/> when given.</summary>
    public static Tensor exp(Tensor x, Tensor? @out = null) => @out is null ? x.exp() : Elementwise.Unary<ExpOp>("exp", NoGrad("exp", x), @out);
    /// <summary>Natural logarithm, element-wise.</summary>
    public static Tensor log(Tensor x, Tensor? @out = null) => @out is null ? x.log() : Elementwise.Unary<LogOp>("log", NoGrad("log", x), @out);
    /// <summary>Square root, element-wise.</summary>
    public static Tensor sqrt(Tensor x, Tensor? @out = null) => @out is null ? x.sqrt() : Elementwise.Unary<SqrtOp>("sqrt", NoGrad("sqrt", x), @out);
    /// <summary>Absolute value, element-wise.</summary>
    public static Tensor abs(Tensor x, Tensor? @out = null) => @out is null ? x.abs() : Elementwise.Unary<AbsOp>("abs", NoGrad("abs", x), @out);
    /// <summary>max(x, 0), element-wise.</summary>
    public static Tensor relu(Tensor x, Tensor? @out = null) => @out is null ? x.relu() : Elementwise.Unary<ReluOp>("relu", NoGrad("relu", x), @out);
    /// <summary>1 / (1 + e⁻ˣ), element-wise.</summary>
    public static Tensor sigmoid(Tensor x, Tensor? @out = null) => @out is null ? x.sigmoid() : Elementwise.Unary<SigmoidOp>("sigmoid", NoGrad("sigmoid", x), @out);
    /// <summary>Hyperbolic tangent, element-wise.</summary>
    public static Tensor tanh(Tensor x, Tensor? @out = null) => @out is null ? x.tanh() : Elementwise.Unary<TanhOp>("tanh", NoGrad("tanh", x), @out);
    /// <summary>Limits every element to [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static Tensor clamp(Tensor x, double? min = null, double? max = null) => x.clamp(min, max);
}

using System.Numerics.Tensors;
using Edu.Sdk.Autograd;
using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Element-wise sum with NumPy broadcasting.</summary>
        public static Tensor operator +(Tensor a, Tensor b) => a.add(b);
        /// <summary>Adds a number to every element.</summary>
        public static Tensor operator +(Tensor a, double b) => a.add(b);
        /// <summary>Adds a number to every element.</summary>
        public static Tensor operator +(double a, Tensor b) => b.add(a);
        /// <summary>Element-wise difference with NumPy broadcasting.</summary>
        public static Tensor operator -(Tensor a, Tensor b) => a.sub(b);
        /// <summary>Subtracts a number from every element.</summary>
        public static Tensor operator -(Tensor a, double b) => a.sub(b);
        /// <summary><c>a - x</c> for every element x.</summary>
        public static Tensor operator -(double a, Tensor b) => b.rsub(a);
        /// <summary>Element-wise product with NumPy broadcasting.</summary>
        public static Tensor operator *(Tensor a, Tensor b) => a.mul(b);
        /// <summary>Multiplies every element by a number.</summary>
        public static Tensor operator *(Tensor a, double b) => a.mul(b);
        /// <summary>Multiplies every element by a number.</summary>
        public static Tensor operator *(double a, Tensor b) => b.mul(a);
        /// <summary>Element-wise quotient with NumPy broadcasting.</summary>
        public static Tensor operator /(Tensor a, Tensor b) => a.div(b);
        /// <summary>Divides every element by a number.</summary>
        public static Tensor operator /(Tensor a, double b) => a.div(b);
        /// <summary><c>a / x</c> for every element x.</summary>
        public static Tensor operator /(double a, Tensor b) => b.rdiv(a);
        /// <summary>Negation.</summary>
        public static Tensor operator -(Tensor a) => a.neg();

        /// <summary>Element-wise sum with NumPy broadcasting.</summary>
        public Tensor add(Tensor other)
        {
            var r = Elementwise.Binary<AddOp>("add", this, other);
            return GradMode.Wants(this, other) ? r.WithGradFn(new AddBackward(this, other)) : r;
        }
        /// <summary><c>this + alpha · other</c>, with broadcasting.</summary>
        public Tensor add(Tensor other, double alpha) => alpha == 1 ? add(other) : add(other.mul(alpha));
        /// <summary>Adds a number to every element.</summary>
        public Tensor add(double other) => Scaled(Elementwise.Scalar<AddOp>("add", this, other, false), 1, "AddBackward1");
        /// <summary>Element-wise difference with NumPy broadcasting.</summary>
        public Tensor sub(Tensor other)
        {
            var r = Elementwise.Binary<SubOp>("sub", this, other);
            return GradMode.Wants(this, other) ? r.WithGradFn(new SubBackward(this, other)) : r;
        }
        /// <summary>Subtracts a number from every element.</summary>
        public Tensor sub(double other) => Scaled(Elementwise.Scalar<SubOp>("sub", this, other, false), 1, "SubBackward1");
        /// <summary><c>other - this</c>, element-wise.</summary>
        public Tensor rsub(double other) => Scaled(Elementwise.Scalar<SubOp>("rsub", this, other, true), -1, "RsubBackward1");
        /// <summary>Element-wise product with NumPy broadcasting.</summary>
        public Tensor mul(Tensor other)
        {
            var r = Elementwise.Binary<MulOp>("mul", this, other);
            return GradMode.Wants(this, other) ? r.WithGradFn(new MulBackward(this, other)) : r;
        }
        /// <summary>Multiplies every element by a number.</summary>
        public Tensor mul(double other) => Scaled(Elementwise.Scalar<MulOp>("mul", this, other, false), other, "MulBackward1");
        /// <summary>Element-wise quotient with NumPy broadcasting.</summary>
        public Tensor div(Tensor other)
        {
            var r = Elementwise.Binary<DivOp>("div", this, other);
            return GradMode.Wants(this, other) ? r.WithGradFn(new DivBackward(this, other)) : r;
        }
        /// <summary>Divides every element by a number.</summary>
        public Tensor div(double other) => Scaled(Elementwise.Scalar<DivOp>("div", this, other, false), 1 / other, "DivBackward1");
        /// <summary><c>other / this</c>, element-wise.</summary>
        public Tensor rdiv(double other)
        {
            var r = Elementwise.Scalar<DivOp>("rdiv", this, other, true);
            return GradMode.Wants(this) ? r.WithGradFn(new RdivBackward(this, r)) : r;
        }
        /// <summary>Every element raised to <paramref name="exponent"/>.</summary>
        public Tensor pow(double exponent)
        {
            var r = Elementwise.Scalar<PowOp>("pow", this, exponent, false);
            return GradMode.Wants(this) ? r.WithGradFn(new PowScalarBackward(this, exponent)) : r;
        }
        /// <summary>Element-wise power with broadcasting.</summary>
        public Tensor pow(Tensor exponent)
        {
            var r = Elementwise.Binary<PowOp>("pow", this, exponent);
            return GradMode.Wants(this, exponent) ? r.WithGradFn(new PowBackward(this, exponent, r)) : r;
        }
        /// <summary>Negation.</summary>
        public Tensor neg() => Scaled(Elementwise.Unary<NegOp>("neg", this), -1, "NegBackward0");

        /// <summary>Records y = s·x + c (its gradient is s·dL/dy) when this tensor requires grad.</summary>
        Tensor Scaled(Tensor r, double scale, string name) =>
            GradMode.Wants(this) ? r.WithGradFn(new ScaleBackward(this, scale, name)) : r;

        /// <summary>Adds <paramref name="other"/> (broadcast to this shape) in place.</summary>
        public Tensor add_(Tensor other) { CheckInPlace("add_"); return Elementwise.Binary<AddOp>("add_", this, other, this); }

        /// <summary><c>this += alpha · other</c> in place, one fused pass when the shapes match (the SGD update).</summary>
        public Tensor add_(Tensor other, double alpha)
        {
            if (alpha == 1) return add_(other);
            CheckInPlace("add_");
            if (!other.Dims.SequenceEqual(_dims) || other.dtype != dtype || other._transposed || _transposed)
                return add_(other.mul(alpha));
            Elementwise.RequireFloat("add_", this);
            if (dtype == ScalarType.Float32) TensorPrimitives.MultiplyAdd(other.Span<float>(), (float)alpha, Span<float>(), Span<float>());
            else TensorPrimitives.MultiplyAdd(other.Span<double>(), alpha, Span<double>(), Span<double>());
            BumpVersion();
            return this;
        }

        /// <summary>Adds a number to every element, in place.</summary>
        public Tensor add_(double other) { CheckInPlace("add_"); return Elementwise.Scalar<AddOp>("add_", this, other, false, this); }
        /// <summary>Subtracts <paramref name="other"/> (broadcast to this shape) in place.</summary>
        public Tensor sub_(Tensor other) { CheckInPlace("sub_"); return Elementwise.Binary<SubOp>("sub_", this, other, this); }
        /// <summary>Subtracts a number from every element, in place.</summary>
        public Tensor sub_(double other) { CheckInPlace("sub_"); return Elementwise.Scalar<SubOp>("sub_", this, other, false, this); }
        /// <summary>Multiplies by <paramref name="other"/> (broadcast to this shape) in place.</summary>
        public Tensor mul_(Tensor other) { CheckInPlace("mul_"); return Elementwise.Binary<MulOp>("mul_", this, other, this); }
        /// <summary>Multiplies every element by a number, in place.</summary>
        public Tensor mul_(double other) { CheckInPlace("mul_"); return Elementwise.Scalar<MulOp>("mul_", this, other, false, this); }
        /// <summary>Divides by <paramref name="other"/> (broadcast to this shape) in place.</summary>
        public Tensor div_(Tensor other) { CheckInPlace("div_"); return Elementwise.Binary<DivOp>("div_", this, other, this); }
        /// <summary>Divides every element by a number, in place.</summary>
        public Tensor div_(double other) { CheckInPlace("div_"); return Elementwise.Scalar<DivOp>("div_", this, other, false, this); }
    }

    /// <summary><c>a + b</c> with broadcasting, written into <paramref name="out"/> when given (no allocation).</summary>
    public static Tensor add(Tensor a, Tensor b, Tensor? @out = null) => @out is null ? a.add(b) : Elementwise.Binary<AddOp>("add", NoGrad("add", a, b), b, @out);
    /// <summary><c>a - b</c> with broadcasting, written into <paramref name="out"/> when given.</summary>
    public static Tensor sub(Tensor a, Tensor b, Tensor? @out = null) => @out is null ? a.sub(b) : Elementwise.Binary<SubOp>("sub", NoGrad("sub", a, b), b, @out);
    /// <summary><c>a * b</c> with broadcasting, written into <paramref name="out"/> when given.</summary>
    public static Tensor mul(Tensor a, Tensor b, Tensor? @out = null) => @out is null ? a.mul(b) : Elementwise.Binary<MulOp>("mul", NoGrad("mul", a, b), b, @out);
    /// <summary><c>a / b</c> with broadcasting, written into <paramref name="out"/> when given.</summary>
    public static Tensor div(Tensor a, Tensor b, Tensor? @out = null) => @out is null ? a.div(b) : Elementwise.Binary<DivOp>("div", NoGrad("div", a, b), b, @out);
    /// <summary>Element-wise power.</summary>
    public static Tensor pow(Tensor a, double exponent) => a.pow(exponent);
    /// <summary>Element-wise maximum of two tensors, with broadcasting.</summary>
    public static Tensor maximum(Tensor a, Tensor b)
    {
        var r = Elementwise.Binary<MaximumOp>("maximum", a, b);
        return GradMode.Wants(a, b) ? r.WithGradFn(new ExtremumBackward(a, b, max: true)) : r;
    }
    /// <summary>Element-wise minimum of two tensors, with broadcasting.</summary>
    public static Tensor minimum(Tensor a, Tensor b)
    {
        var r = Elementwise.Binary<MinimumOp>("minimum", a, b);
        return GradMode.Wants(a, b) ? r.WithGradFn(new ExtremumBackward(a, b, max: false)) : r;
    }

    /// <summary>Refuses <c>out</c> arguments on recorded ops: the result would have no gradient path.</summary>
    internal static Tensor NoGrad(string op, Tensor a, Tensor? b = null)
    {
        if (GradMode.Wants(a) || (b is not null && GradMode.Wants(b)))
            throw new InvalidOperationException($"{op}: an out tensor cannot take part in autograd; drop the out argument, or compute inside torch.no_grad().");
        return a;
    }
}

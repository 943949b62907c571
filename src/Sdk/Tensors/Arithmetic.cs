using System.Numerics.Tensors;
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
        public Tensor add(Tensor other) => Elementwise.Binary<AddOp>("add", this, other);
        /// <summary><c>this + alpha · other</c>, with broadcasting.</summary>
        public Tensor add(Tensor other, double alpha) => alpha == 1 ? add(other) : add(other.mul(alpha));
        /// <summary>Adds a number to every element.</summary>
        public Tensor add(double other) => Elementwise.Scalar<AddOp>("add", this, other, false);
        /// <summary>Element-wise difference with NumPy broadcasting.</summary>
        public Tensor sub(Tensor other) => Elementwise.Binary<SubOp>("sub", this, other);
        /// <summary>Subtracts a number from every element.</summary>
        public Tensor sub(double other) => Elementwise.Scalar<SubOp>("sub", this, other, false);
        /// <summary><c>other - this</c>, element-wise.</summary>
        public Tensor rsub(double other) => Elementwise.Scalar<SubOp>("rsub", this, other, true);
        /// <summary>Element-wise product with NumPy broadcasting.</summary>
        public Tensor mul(Tensor other) => Elementwise.Binary<MulOp>("mul", this, other);
        /// <summary>Multiplies every element by a number.</summary>
        public Tensor mul(double other) => Elementwise.Scalar<MulOp>("mul", this, other, false);
        /// <summary>Element-wise quotient with NumPy broadcasting.</summary>
        public Tensor div(Tensor other) => Elementwise.Binary<DivOp>("div", this, other);
        /// <summary>Divides every element by a number.</summary>
        public Tensor div(double other) => Elementwise.Scalar<DivOp>("div", this, other, false);
        /// <summary><c>other / this</c>, element-wise.</summary>
        public Tensor rdiv(double other) => Elementwise.Scalar<DivOp>("rdiv", this, other, true);
        /// <summary>Every element raised to <paramref name="exponent"/>.</summary>
        public Tensor pow(double exponent) => Elementwise.Scalar<PowOp>("pow", this, exponent, false);
        /// <summary>Element-wise power with broadcasting.</summary>
        public Tensor pow(Tensor exponent) => Elementwise.Binary<PowOp>("pow", this, exponent);
        /// <summary>Negation.</summary>
        public Tensor neg() => Elementwise.Unary<NegOp>("neg", this);

        /// <summary>Adds <paramref name="other"/> (broadcast to this shape) in place.</summary>
        public Tensor add_(Tensor other) => Elementwise.Binary<AddOp>("add_", this, other, this);

        /// <summary><c>this += alpha · other</c> in place, one fused pass when the shapes match (the SGD update).</summary>
        public Tensor add_(Tensor other, double alpha)
        {
            if (alpha == 1) return add_(other);
            if (!other.Dims.SequenceEqual(_dims) || other.dtype != dtype || other._transposed || _transposed)
                return add_(other.mul(alpha));
            Elementwise.RequireFloat("add_", this);
            if (dtype == ScalarType.Float32) TensorPrimitives.MultiplyAdd(other.Span<float>(), (float)alpha, Span<float>(), Span<float>());
            else TensorPrimitives.MultiplyAdd(other.Span<double>(), alpha, Span<double>(), Span<double>());
            BumpVersion();
            return this;
        }

        /// <summary>Adds a number to every element, in place.</summary>
        public Tensor add_(double other) => Elementwise.Scalar<AddOp>("add_", this, other, false, this);
        /// <summary>Subtracts <paramref name="other"/> (broadcast to this shape) in place.</summary>
        public Tensor sub_(Tensor other) => Elementwise.Binary<SubOp>("sub_", this, other, this);
        /// <summary>Subtracts a number from every element, in place.</summary>
        public Tensor sub_(double other) => Elementwise.Scalar<SubOp>("sub_", this, other, false, this);
        /// <summary>Multiplies by <paramref name="other"/> (broadcast to this shape) in place.</summary>
        public Tensor mul_(Tensor other) => Elementwise.Binary<MulOp>("mul_", this, other, this);
        /// <summary>Multiplies every element by a number, in place.</summary>
        public Tensor mul_(double other) => Elementwise.Scalar<MulOp>("mul_", this, other, false, this);
        /// <summary>Divides by <paramref name="other"/> (broadcast to this shape) in place.</summary>
        public Tensor div_(Tensor other) => Elementwise.Binary<DivOp>("div_", this, other, this);
        /// <summary>Divides every element by a number, in place.</summary>
        public Tensor div_(double other) => Elementwise.Scalar<DivOp>("div_", this, other, false, this);
    }

    /// <summary><c>a + b</c> with broadcasting, written into <paramref name="out"/> when given (no allocation).</summary>
    public static Tensor add(Tensor a, Tensor b, Tensor? @out = null) => Elementwise.Binary<AddOp>("add", a, b, @out);
    /// <summary><c>a - b</c> with broadcasting, written into <paramref name="out"/> when given.</summary>
    public static Tensor sub(Tensor a, Tensor b, Tensor? @out = null) => Elementwise.Binary<SubOp>("sub", a, b, @out);
    /// <summary><c>a * b</c> with broadcasting, written into <paramref name="out"/> when given.</summary>
    public static Tensor mul(Tensor a, Tensor b, Tensor? @out = null) => Elementwise.Binary<MulOp>("mul", a, b, @out);
    /// <summary><c>a / b</c> with broadcasting, written into <paramref name="out"/> when given.</summary>
    public static Tensor div(Tensor a, Tensor b, Tensor? @out = null) => Elementwise.Binary<DivOp>("div", a, b, @out);
    /// <summary>Element-wise power.</summary>
    public static Tensor pow(Tensor a, double exponent) => a.pow(exponent);
    /// <summary>Element-wise maximum of two tensors, with broadcasting.</summary>
    public static Tensor maximum(Tensor a, Tensor b) => Elementwise.Binary<MaximumOp>("maximum", a, b);
    /// <summary>Element-wise minimum of two tensors, with broadcasting.</summary>
    public static Tensor minimum(Tensor a, Tensor b) => Elementwise.Binary<MinimumOp>("minimum", a, b);
}

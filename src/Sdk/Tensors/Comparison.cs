using Edu.Sdk.Autograd;
using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Element-wise <c>==</c>, a Bool mask (e.g. <c>pred.argmax(1).eq(labels)</c>).</summary>
        public Tensor eq(Tensor other) => Compare.Run<EqOp>("eq", this, other);
        /// <summary>Element-wise <c>==</c> against a number.</summary>
        public Tensor eq(double other) => Compare.Run<EqOp>("eq", this, ScalarLike(other));
        /// <summary>Element-wise <c>!=</c>, a Bool mask.</summary>
        public Tensor ne(Tensor other) => Compare.Run<NeOp>("ne", this, other);
        /// <summary>Element-wise <c>!=</c> against a number.</summary>
        public Tensor ne(double other) => Compare.Run<NeOp>("ne", this, ScalarLike(other));
        /// <summary>Element-wise <c>&lt;</c>, a Bool mask.</summary>
        public Tensor lt(Tensor other) => Compare.Run<LtOp>("lt", this, other);
        /// <summary>Element-wise <c>&lt;</c> against a number.</summary>
        public Tensor lt(double other) => Compare.Run<LtOp>("lt", this, ScalarLike(other));
        /// <summary>Element-wise <c>&lt;=</c>, a Bool mask.</summary>
        public Tensor le(Tensor other) => Compare.Run<LeOp>("le", this, other);
        /// <summary>Element-wise <c>&lt;=</c> against a number.</summary>
        public Tensor le(double other) => Compare.Run<LeOp>("le", this, ScalarLike(other));
        /// <summary>Element-wise <c>&gt;</c>, a Bool mask.</summary>
        public Tensor gt(Tensor other) => Compare.Run<GtOp>("gt", this, other);
        /// <summary>Element-wise <c>&gt;</c> against a number.</summary>
        public Tensor gt(double other) => Compare.Run<GtOp>("gt", this, ScalarLike(other));
        /// <summary>Element-wise <c>&gt;=</c>, a Bool mask.</summary>
        public Tensor ge(Tensor other) => Compare.Run<GeOp>("ge", this, other);
        /// <summary>Element-wise <c>&gt;=</c> against a number.</summary>
        public Tensor ge(double other) => Compare.Run<GeOp>("ge", this, ScalarLike(other));

        /// <summary>Element-wise <c>&lt;</c>, a Bool mask.</summary>
        public static Tensor operator <(Tensor a, Tensor b) => a.lt(b);
        /// <summary>Element-wise <c>&gt;</c>, a Bool mask.</summary>
        public static Tensor operator >(Tensor a, Tensor b) => a.gt(b);
        /// <summary>Element-wise <c>&lt;=</c>, a Bool mask.</summary>
        public static Tensor operator <=(Tensor a, Tensor b) => a.le(b);
        /// <summary>Element-wise <c>&gt;=</c>, a Bool mask.</summary>
        public static Tensor operator >=(Tensor a, Tensor b) => a.ge(b);
        /// <summary>Element-wise <c>&lt;</c> against a number.</summary>
        public static Tensor operator <(Tensor a, double b) => a.lt(b);
        /// <summary>Element-wise <c>&gt;</c> against a number.</summary>
        public static Tensor operator >(Tensor a, double b) => a.gt(b);
        /// <summary>Element-wise <c>&lt;=</c> against a number.</summary>
        public static Tensor operator <=(Tensor a, double b) => a.le(b);
        /// <summary>Element-wise <c>&gt;=</c> against a number.</summary>
        public static Tensor operator >=(Tensor a, double b) => a.ge(b);

        Tensor ScalarLike(double v) => dtype switch
        {
            ScalarType.Float32 => tensor((float)v),
            ScalarType.Float64 => tensor(v),
            _ => double.IsInteger(v) ? tensor((long)v) : tensor(v),
        };

        /// <summary>True when every element is non-zero (a 0-d Bool tensor).</summary>
        public Tensor all()
        {
            var m = to(ScalarType.Bool).Contiguous().Span<bool>();
            return tensor(new[] { !m.Contains(false) }, []);
        }

        /// <summary>True when some element is non-zero (a 0-d Bool tensor).</summary>
        public Tensor any()
        {
            var m = to(ScalarType.Bool).Contiguous().Span<bool>();
            return tensor(new[] { m.Contains(true) }, []);
        }

        /// <summary>True when the two tensors have the same shape and every pair of elements is within <c>atol + rtol·|other|</c>.</summary>
        public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
        {
            if (!Dims.SequenceEqual(other.Dims)) return false;
            var a = to(ScalarType.Float64).Contiguous().Span<double>();
            var b = other.to(ScalarType.Float64).Contiguous().Span<double>();
            for (int i = 0; i < a.Length; i++)
            {
                // Equal values (infinities included) match; NaN matches nothing, as in PyTorch.
                if (a[i] == b[i]) continue;
                if (!(Math.Abs(a[i] - b[i]) <= atol + rtol * Math.Abs(b[i]))) return false;
            }
            return true;
        }
    }

    /// <summary>Picks <paramref name="x"/> where <paramref name="condition"/> is true and <paramref name="y"/> elsewhere, with broadcasting.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y)
    {
        if (condition.dtype != ScalarType.Bool)
            throw new ArgumentException($"where: the condition must be a Bool mask (from a comparison such as x.gt(0)), got {condition.dtype}.");
        if (x.dtype != y.dtype)
            throw new ArgumentException($"where: x and y have different dtypes ({x.dtype} and {y.dtype}); convert one so both match.");
        var dims = Shape.Broadcast("where", Shape.Broadcast("where", condition.Dims, x.Dims), y.Dims);
        var shape = Shape.ToLong(dims);
        var c = condition.expand(shape).Contiguous().Span<bool>();
        var xs = x.detach().expand(shape).Contiguous();
        var ys = y.detach().expand(shape).Contiguous();
        var r = ys.detach().clone();
        for (int i = 0; i < c.Length; i++)
            if (c[i]) r.SetFlat(i, xs.GetFlat(i), r.dtype);
        return GradMode.Wants(x, y) ? r.WithGradFn(new WhereBackward(condition, x, y)) : r;
    }
}

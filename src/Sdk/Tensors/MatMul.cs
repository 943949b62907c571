using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>
        /// Matrix product with PyTorch's rules: 1-d·1-d is a dot product, 2-d·2-d a matrix product, a 1-d operand is
        /// treated as a row (left) or column (right) vector, and 3-d operands are batches (a 2-d operand is shared
        /// by every batch). Transposed views (<see cref="T"/>) are read in place, without a copy.
        /// </summary>
        public Tensor matmul(Tensor other) => torch.matmul(this, other);

        /// <summary>Matrix product of two 2-d tensors.</summary>
        public Tensor mm(Tensor other) => torch.mm(this, other);

        /// <summary>Batched matrix product of two 3-d tensors.</summary>
        public Tensor bmm(Tensor other) => torch.bmm(this, other);
    }

    /// <summary>Matrix product (see <see cref="Tensor.matmul"/>), written into <paramref name="out"/> when given.</summary>
    public static Tensor matmul(Tensor a, Tensor b, Tensor? @out = null)
    {
        int ra = a.dim(), rb = b.dim();
        if (ra == 0 || rb == 0)
            throw new ArgumentException($"matmul: both operands need at least one dimension, got ({a.ShapeText}) and ({b.ShapeText}); use * to scale by a scalar.");
        if (ra <= 2 && rb <= 2)
        {
            var a2 = ra == 1 ? a.reshape(1, a.size(0)) : a;
            var b2 = rb == 1 ? b.reshape(b.size(0), 1) : b;
            CheckInner("matmul", a, b, a2.Dims[1], b2.Dims[0]);
            int[] outDims = (ra, rb) switch
            {
                (1, 1) => [],
                (1, _) => [b2.Dims[1]],
                (_, 1) => [a2.Dims[0]],
                _ => [a2.Dims[0], b2.Dims[1]],
            };
            var r = Elementwise.Result("matmul", @out, a.dtype, outDims);
            MatMul.Run2d("matmul", a2, b2, r);
            return r;
        }
        if (ra == 3 && rb == 2)
        {
            // A shared right operand: one GEMM over all rows of every batch, (B·m)×k times k×n.
            var a3 = a.contiguous();
            CheckInner("matmul", a, b, a3.Dims[2], b.Dims[0]);
            int bs = a3.Dims[0], m = a3.Dims[1];
            var r = Elementwise.Result("matmul", @out, a.dtype, [bs, m, b.Dims[1]]);
            MatMul.Run2d("matmul", a3.reshape(bs * m, a3.Dims[2]), b, r.view(bs * m, b.Dims[1]));
            return r;
        }
        if (ra == 3 && rb == 3) return bmm(a, b, @out);
        if (ra == 2 && rb == 3) return bmm(a.unsqueeze(0).expand(b.size(0), a.size(0), a.size(1)), b, @out);
        if (ra == 1 && rb == 3) return matmul(a.unsqueeze(0), b).squeeze(1);
        if (ra == 3 && rb == 1) return matmul(a, b.unsqueeze(1)).squeeze(-1);
        throw new ArgumentException($"matmul: supports operands of 1 to 3 dimensions, got ({a.ShapeText}) and ({b.ShapeText}).");
    }

    /// <summary>Matrix product of two 2-d tensors, written into <paramref name="out"/> when given.</summary>
    public static Tensor mm(Tensor a, Tensor b, Tensor? @out = null)
    {
        if (a.dim() != 2 || b.dim() != 2)
            throw new ArgumentException($"mm: needs two 2-d tensors, got ({a.ShapeText}) and ({b.ShapeText}); matmul handles other ranks.");
        return matmul(a, b, @out);
    }

    /// <summary>Batched matrix product: (B×m×k) by (B×k×n) gives (B×m×n).</summary>
    public static Tensor bmm(Tensor a, Tensor b, Tensor? @out = null)
    {
        if (a.dim() != 3 || b.dim() != 3)
            throw new ArgumentException($"bmm: needs two 3-d tensors, got ({a.ShapeText}) and ({b.ShapeText}).");
        if (a.Dims[0] != b.Dims[0])
            throw new ArgumentException($"bmm: batch sizes differ: ({a.ShapeText}) and ({b.ShapeText}).");
        CheckInner("bmm", a, b, a.Dims[2], b.Dims[1]);
        a = a.contiguous(); b = b.contiguous();
        int bs = a.Dims[0], m = a.Dims[1], k = a.Dims[2], n = b.Dims[2];
        var r = Elementwise.Result("bmm", @out, a.dtype, [bs, m, n]);
        for (int i = 0; i < bs; i++)
            MatMul.Run2d("bmm", a[i], b[i], r[i]);
        return r;
    }

    static void CheckInner(string op, Tensor a, Tensor b, int ka, int kb)
    {
        if (a.dtype != b.dtype)
            throw new ArgumentException($"{op}: the operands have different dtypes ({a.dtype} and {b.dtype}); convert one with .to(...) so both match.");
        Elementwise.RequireFloat(op, a);
        if (ka != kb)
            throw new ArgumentException($"{op}: cannot multiply ({a.ShapeText}) by ({b.ShapeText}); inner dimensions {ka} and {kb} differ.");
    }
}

using Edu.Sdk.Autograd;
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
        if (ra > 3 || rb > 3)
            throw new ArgumentException($"matmul: supports operands of 1 to 3 dimensions, got ({a.ShapeText}) and ({b.ShapeText}).");
        CheckInner("matmul", a, b, a.Dims[ra - 1], rb == 1 ? b.Dims[0] : b.Dims[rb - 2]);
        if (ra == 2 && rb == 2) return mm(a, b, @out);
        // Every other case is a 2-d or batched product of reshaped views, so autograd needs only mm and bmm.
        var r = (ra, rb) switch
        {
            (1, 1) => mm(a.unsqueeze(0), b.unsqueeze(1)).reshape(),
            (1, 2) => mm(a.unsqueeze(0), b).squeeze(0),
            (2, 1) => mm(a, b.unsqueeze(1)).squeeze(1),
            // A shared right operand: one GEMM over all rows of every batch, (B·m)×k times k×n.
            (3, 2) => mm(a.reshape(-1, a.size(2)), b).reshape(a.size(0), a.size(1), b.size(1)),
            (3, 3) => bmm(a, b),
            (2, 3) => bmm(a.unsqueeze(0).expand(b.size(0), a.size(0), a.size(1)), b),
            (1, 3) => matmul(a.unsqueeze(0), b).squeeze(1),
            _ => matmul(a, b.unsqueeze(1)).squeeze(-1),
        };
        return @out is null ? r : @out.copy_(r);
    }

    /// <summary>Matrix product of two 2-d tensors, written into <paramref name="out"/> when given.</summary>
    public static Tensor mm(Tensor a, Tensor b, Tensor? @out = null)
    {
        if (a.dim() != 2 || b.dim() != 2)
            throw new ArgumentException($"mm: needs two 2-d tensors, got ({a.ShapeText}) and ({b.ShapeText}); matmul handles other ranks.");
        CheckInner("mm", a, b, a.Dims[1], b.Dims[0]);
        if (@out is not null) NoGrad("mm", a, b);
        var r = Elementwise.Result("mm", @out, a.dtype, [a.Dims[0], b.Dims[1]]);
        MatMul.Run2d("mm", a, b, r);
        return GradMode.Wants(a, b) ? r.WithGradFn(new MmBackward(a, b)) : r;
    }

    /// <summary>Batched matrix product: (B×m×k) by (B×k×n) gives (B×m×n).</summary>
    public static Tensor bmm(Tensor a, Tensor b, Tensor? @out = null)
    {
        if (a.dim() != 3 || b.dim() != 3)
            throw new ArgumentException($"bmm: needs two 3-d tensors, got ({a.ShapeText}) and ({b.ShapeText}).");
        if (a.Dims[0] != b.Dims[0])
            throw new ArgumentException($"bmm: batch sizes differ: ({a.ShapeText}) and ({b.ShapeText}).");
        CheckInner("bmm", a, b, a.Dims[2], b.Dims[1]);
        if (@out is not null) NoGrad("bmm", a, b);
        var ac = a.Contiguous().detach();
        var bc = b.Contiguous().detach();
        int bs = ac.Dims[0];
        var r = Elementwise.Result("bmm", @out, a.dtype, [bs, ac.Dims[1], bc.Dims[2]]);
        using (no_grad())
            for (int i = 0; i < bs; i++)
                MatMul.Run2d("bmm", ac[i], bc[i], r[i]);
        return GradMode.Wants(a, b) ? r.WithGradFn(new BmmBackward(a, b)) : r;
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

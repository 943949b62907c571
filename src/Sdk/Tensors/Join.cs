using Edu.Sdk.Autograd;
using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    /// <summary>Joins tensors along an existing dim; all other sizes must match.</summary>
    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("cat: needs at least one tensor.");
        var first = tensors[0];
        int d = Shape.NormalizeDim("cat", dim, first.Dims);
        var operands = tensors as Tensor[] ?? [.. tensors];
        var dims = first.Dims.ToArray();
        dims[d] = CatKernel.Total("cat", operands, d);
        var r = Tensor.Empty(first.dtype, dims);
        CatKernel.Copy(operands, d, r);
        return tensors.Any(GradMode.Wants) ? r.WithGradFn(new CatBackward([.. tensors], d)) : r;
    }

    /// <summary>Joins same-shape tensors along a new dim.</summary>
    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        if (tensors.Count == 0) throw new ArgumentException("stack: needs at least one tensor.");
        for (int t = 1; t < tensors.Count; t++)
            if (!tensors[t].Dims.SequenceEqual(tensors[0].Dims))
                throw new ArgumentException($"stack: tensor {t} has shape ({tensors[t].ShapeText}) but tensor 0 has ({tensors[0].ShapeText}); all must match.");
        int d = Shape.NormalizeDim("stack", dim, tensors[0].Dims, allowEnd: true);
        return cat(tensors.Select(x => x.unsqueeze(d)).ToList(), d);
    }

    public static partial class nn
    {
        /// <summary>Functional forms of the nn layers and losses, as in <c>torch.nn.functional</c>.</summary>
        public static partial class functional
        {
            /// <summary>
            /// One-hot encoding: an Int64 tensor of class indices of shape (...) becomes an Int64 tensor of shape
            /// (..., <paramref name="num_classes"/>) with a 1 at each index. Convert with <c>.to(float32)</c> for arithmetic.
            /// </summary>
            public static Tensor one_hot(Tensor input, long num_classes = -1)
            {
                if (input.dtype != ScalarType.Int64)
                    throw new ArgumentException($"one_hot: the input must hold Int64 class indices, got {input.dtype}.");
                var idx = input.Contiguous().Span<long>();
                long max = idx.Length == 0 ? -1 : System.Numerics.Tensors.TensorPrimitives.Max(idx);
                if (num_classes < 0) num_classes = max + 1;
                for (int i = 0; i < idx.Length; i++)
                    if (idx[i] < 0 || idx[i] >= num_classes)
                        throw new ArgumentException($"one_hot: class index {idx[i]} at position {i} is outside [0, {num_classes}).");
                var dims = input.Dims.ToArray().Append((int)num_classes).ToArray();
                var r = zeros(Shape.ToLong(dims), ScalarType.Int64);
                var d = r.Span<long>();
                for (int i = 0; i < idx.Length; i++) d[i * (int)num_classes + (int)idx[i]] = 1;
                return r;
            }
        }
    }
}

using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>max(x, 0), element-wise.</summary>
            public static Tensor relu(Tensor input) => input.relu();

            /// <summary>1 / (1 + e⁻ˣ), element-wise.</summary>
            public static Tensor sigmoid(Tensor input) => input.sigmoid();

            /// <summary>tanh(x), element-wise.</summary>
            public static Tensor tanh(Tensor input) => input.tanh();

            /// <summary>Softmax along <paramref name="dim"/>, stable for any finite input.</summary>
            public static Tensor softmax(Tensor input, long dim) => input.softmax(dim);

            /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed directly so it stays finite.</summary>
            public static Tensor log_softmax(Tensor input, long dim) => input.log_softmax(dim);

            /// <summary>
            /// y = x·Wᵀ + b with <paramref name="weight"/> of shape (out, in), as <see cref="Nn.Linear"/>: one matrix
            /// product through the transposed view of W (no copy) and one broadcast add.
            /// </summary>
            /// <param name="input">(..., in), 1-d to 3-d.</param>
            /// <param name="weight">(out, in).</param>
            /// <param name="bias">(out), or null; as in PyTorch, any shape that broadcasts to the result's without enlarging
            /// it ((1, out), or (n, out) for n input rows) is added as a broadcast add would.</param>
            /// <exception cref="ArgumentException">The shapes do not fit; the message names them.</exception>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
            {
                if (weight.dim() != 2)
                    throw new ArgumentException($"linear: the weight must be 2-d (out_features, in_features), got shape ({weight.ShapeText}).");
                if (input.dim() == 0 || input.Dims[^1] != weight.Dims[1])
                    throw new ArgumentException(
                        $"linear: input has shape ({input.ShapeText}) but the weight has shape ({weight.ShapeText}), so the input's last dimension must be {weight.Dims[1]}.");
                var y = input.matmul(weight.T);
                if (bias is null) return y;
                // PyTorch's rule (addmm expands the bias to the result): a generated layer's linear adds the same way.
                if (!Shape.BroadcastsTo(bias.Dims, y.Dims))
                    throw new ArgumentException(
                        $"linear: the bias has shape ({bias.ShapeText}) but the result has shape ({y.ShapeText}): the weight ({weight.ShapeText}) has {weight.Dims[0]} outputs, so the bias should have shape ({weight.Dims[0]}).");
                return y.add(bias);
            }

            /// <summary>Flattens dims <paramref name="start_dim"/>..<paramref name="end_dim"/> into one (all of them by default).</summary>
            public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) => input.flatten(start_dim, end_dim);
        }
    }
}

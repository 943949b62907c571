using Edu.Sdk.Nn;

namespace Edu.Sdk;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// Cross-entropy of logits (raw scores, not probabilities) against targets, with the log-softmax fused in
            /// (one recorded op, stable for huge logits): the mean over rows of −log softmax(x)ᵢ[yᵢ] by default.
            /// </summary>
            /// <param name="input">Logits, (N, C), or (C) for one example.</param>
            /// <param name="target">Int64 class indices in [0, C), shape (N) (or a scalar); or probabilities / one-hot rows
            /// of the input's shape and dtype (ℓᵢ = −Σₖ t_ik log softmax(x)_ik).</param>
            /// <param name="reduction">Mean over rows (default), Sum, or None (one loss per row).</param>
            /// <exception cref="ArgumentException">The shapes or dtypes do not fit, or a class index is out of range; the message says which.</exception>
            public static Tensor cross_entropy(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Losses.CrossEntropy("cross_entropy", input, target, reduction);

            /// <summary>
            /// Negative log-likelihood of log-probabilities (from <c>log_softmax</c>) at the target classes:
            /// ℓᵢ = −input[i, yᵢ], averaged over rows by default.
            /// </summary>
            /// <param name="input">Log-probabilities, (N, C), or (C) for one example.</param>
            /// <param name="target">Int64 class indices in [0, C), shape (N) (or a scalar).</param>
            /// <param name="reduction">Mean over rows (default), Sum, or None.</param>
            public static Tensor nll_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Losses.Nll("nll_loss", input, target, reduction);

            /// <summary>Mean squared error: the mean (by default) of (input − target)², element-wise.</summary>
            /// <param name="input">Predictions.</param>
            /// <param name="target">Targets, of the same shape and dtype.</param>
            /// <param name="reduction">Mean (default), Sum, or None (element-wise).</param>
            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                var d = Losses.Difference("mse_loss", input, target);
                return Reduce(d * d, reduction);
            }

            /// <summary>Mean absolute error: the mean (by default) of |input − target|, element-wise.</summary>
            /// <param name="input">Predictions.</param>
            /// <param name="target">Targets, of the same shape and dtype.</param>
            /// <param name="reduction">Mean (default), Sum, or None (element-wise).</param>
            public static Tensor l1_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Reduce(Losses.Difference("l1_loss", input, target).abs(), reduction);

            /// <summary>
            /// Binary cross-entropy of probabilities: −(t log x + (1 − t) log(1 − x)), each log clamped at −100 as in
            /// PyTorch so that x = 0 or 1 gives a finite loss.
            /// </summary>
            /// <param name="input">Probabilities in [0, 1] (e.g. after sigmoid).</param>
            /// <param name="target">Targets in [0, 1], of the same shape and dtype.</param>
            /// <param name="reduction">Mean (default), Sum, or None (element-wise).</param>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
                Losses.BinaryCrossEntropy("binary_cross_entropy", input, target, reduction);
        }
    }
}

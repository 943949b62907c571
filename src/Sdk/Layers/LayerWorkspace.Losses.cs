using Edu.Sdk.Nn;
using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Layers;

public sealed partial class LayerWorkspace
{
    /// <summary>
    /// <c>nn.functional.cross_entropy(logits, target)</c> with the mean over rows, fused with the softmax: one pass per
    /// row. The target is Int64 class indices of shape (N) (a scalar for logits of shape (C)), or probabilities (one-hot
    /// rows) of the logits' shape and dtype. The softmax is written to <paramref name="probabilities"/> for the backward.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes or dtypes do not fit, or a label is out of range (the message names the row and the label).</exception>
    public Tensor CrossEntropy(string name, Tensor logits, Tensor target, out Tensor probabilities)
    {
        var (rows, c) = Losses.CheckClassification(name, logits, "logits", target, allowProbabilities: true);
        var z = logits.Contiguous();
        probabilities = Scratch(name, logits.dtype, logits.Dims);
        var loss = Buffer(name, logits.dtype, []);
        if (target.dtype == ScalarType.Int64)
        {
            var labels = target.Contiguous().Span<long>();
            if (z.dtype == ScalarType.Float32) loss.Span<float>()[0] = (float)CrossEntropyKernel.Forward(name, z.Span<float>(), labels, probabilities.Span<float>(), rows, c);
            else loss.Span<double>()[0] = CrossEntropyKernel.Forward(name, z.Span<double>(), labels, probabilities.Span<double>(), rows, c);
        }
        else
        {
            var t = target.Contiguous();
            if (z.dtype == ScalarType.Float32) loss.Span<float>()[0] = (float)Kernels.SoftmaxCrossEntropy(z.Span<float>(), t.Span<float>(), probabilities.Span<float>(), rows, c);
            else loss.Span<double>()[0] = Kernels.SoftmaxCrossEntropy(z.Span<double>(), t.Span<double>(), probabilities.Span<double>(), rows, c);
        }
        probabilities.BumpVersion();
        loss.BumpVersion();
        return loss;
    }

    /// <summary>
    /// dL/dz = dL/dL̂ · (1/N) (p − onehot(target)) for <see cref="CrossEntropy"/> with class indices (no one-hot matrix is
    /// made), or (1/N) (p · Σₖ tₖ − t) for probabilities, with p the softmax kept by the forward.
    /// </summary>
    public Tensor CrossEntropyBackward(string name, Tensor g, Tensor probabilities, Tensor target)
    {
        var r = Like(name, probabilities);
        int c = probabilities.Dims[^1], rows = probabilities.dim() == 2 ? probabilities.Dims[0] : 1;
        double gv = ScalarValue(g);
        if (target.dtype == ScalarType.Int64)
        {
            var labels = target.Contiguous().Span<long>();
            if (r.dtype == ScalarType.Float32) CrossEntropyKernel.Backward(gv, probabilities.Span<float>(), labels, r.Span<float>(), rows, c);
            else CrossEntropyKernel.Backward(gv, probabilities.Span<double>(), labels, r.Span<double>(), rows, c);
        }
        else
        {
            var t = target.Contiguous();
            if (r.dtype == ScalarType.Float32) Kernels.SoftmaxCrossEntropyBackward(gv, probabilities.Span<float>(), t.Span<float>(), r.Span<float>(), rows, c);
            else Kernels.SoftmaxCrossEntropyBackward(gv, probabilities.Span<double>(), t.Span<double>(), r.Span<double>(), rows, c);
        }
        r.BumpVersion();
        return r;
    }
}

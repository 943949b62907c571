using System.Numerics;
using System.Numerics.Tensors;
using Edu.Sdk.Tensors;
using Reduction = Edu.Sdk.torch.nn.Reduction;

namespace Edu.Sdk.Autograd;

/// <summary>
/// Cross-entropy of logits x (N×C) against class indices y or target probabilities t, computed as one fused,
/// recorded op. Forward: log pᵢ = x_i − m_i − log Σₖ e^(x_ik − m_i) with m_i the row maximum (finite for any finite
/// logits, e.g. [1000, 10000, 100000]); ℓᵢ = −log p_{i,yᵢ}, or ℓᵢ = −Σₖ t_ik log p_ik. Backward, with sᵢ the
/// upstream gradient of row i (dL/dloss / N for the mean, dL/dloss for the sum, dL/dℓᵢ for none):
/// dL/dx_ik = sᵢ (p_ik − [k = yᵢ]), or sᵢ (p_ik Σⱼ t_ij − t_ik) (that is (softmax(x) − onehot(y)) / N for the mean);
/// dL/dt_ik = −sᵢ log p_ik when the probabilities themselves require grad.
/// </summary>
internal sealed class CrossEntropyBackward : Node
{
    readonly torch.Tensor _logp;          // N×C log-probabilities from the forward, owned by this node
    readonly long[]? _indices;            // class indices, copied at forward time
    readonly SavedTensor? _probs;         // target probabilities (N×C), when given
    readonly int[] _inputDims, _targetDims;
    readonly Reduction _reduction;

    CrossEntropyBackward(torch.Tensor input, torch.Tensor target, torch.Tensor logp, long[]? indices, Reduction reduction)
        : base(input, target)
    {
        _logp = logp;
        _indices = indices;
        _probs = indices is null ? new SavedTensor(target) : null;
        _inputDims = input._dims;
        _targetDims = target._dims;
        _reduction = reduction;
    }

    public override string name() => "CrossEntropyLossBackward0";

    /// <summary>
    /// The loss of <paramref name="input"/> (N×C, or C for one example) against <paramref name="target"/>: Int64
    /// indices (N, or a scalar) already checked to lie in [0, C), or probabilities of the input's shape and dtype.
    /// Records this node when the input or the probabilities require grad.
    /// </summary>
    public static torch.Tensor Forward(torch.Tensor input, torch.Tensor target, Reduction reduction)
    {
        int c = input._dims[^1], n = input._numel / Math.Max(c, 1);
        var x = input.Contiguous();
        var logp = torch.Tensor.Empty(x.dtype, [n, c]);
        long[]? indices = target.dtype == ScalarType.Int64 ? target.Contiguous().Span<long>().ToArray() : null;
        var rows = new double[n];
        if (x.dtype == ScalarType.Float32)
            LossRows(x.Span<float>(), logp.Span<float>(), indices, indices is not null ? default : target.Contiguous().Span<float>(), n, c, rows);
        else
            LossRows(x.Span<double>(), logp.Span<double>(), indices, indices is not null ? default : target.Contiguous().Span<double>(), n, c, rows);

        torch.Tensor result;
        if (reduction == Reduction.None)
        {
            result = torch.Tensor.Empty(x.dtype, input.dim() == 2 ? [n] : []);
            for (int i = 0; i < n; i++) result.SetFlat(i, rows[i], x.dtype);
        }
        else
        {
            double total = 0;
            foreach (var r in rows) total += r;
            result = torch.Tensor.Empty(x.dtype, []);
            // The mean of no rows is 0/0 = NaN, as in PyTorch.
            result.SetFlat(0, reduction == Reduction.Sum ? total : total / n, x.dtype);
        }
        return GradMode.Wants(input, target) ? result.WithGradFn(new CrossEntropyBackward(input, target, logp, indices, reduction)) : result;
    }

    /// <summary>log_softmax of each row into <paramref name="logp"/>, and each row's loss (in double) into <paramref name="rows"/>.</summary>
    static void LossRows<T>(ReadOnlySpan<T> x, Span<T> logp, long[]? indices, ReadOnlySpan<T> probs, int n, int c, double[] rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n == 0 || c == 0) return;
        Reduce.Softmax(new Axis("cross_entropy", [n, c], 1, keepdim: true), x, logp, log: true);
        for (int i = 0; i < n; i++)
        {
            var row = logp.Slice(i * c, c);
            rows[i] = indices is not null
                ? -double.CreateTruncating(row[(int)indices[i]])
                : -double.CreateTruncating(TensorPrimitives.Dot(probs.Slice(i * c, c), row));
        }
    }

    internal override torch.Tensor?[] Backward(torch.Tensor g, GradSink sink)
    {
        int n = _logp._dims[0], c = _logp._dims[1];
        var scale = RowScales(g.to(ScalarType.Float64).Contiguous().Span<double>(), n);
        var probs = _probs?.Unpack(this).Contiguous();
        torch.Tensor? dx = null, dt = null;
        if (Needs(0))
        {
            dx = torch.Tensor.Empty(_logp.dtype, _inputDims);
            if (_logp.dtype == ScalarType.Float32)
                InputGrad(_logp.Span<float>(), _indices, probs is null ? default : probs.Span<float>(), scale, c, dx.Span<float>());
            else
                InputGrad(_logp.Span<double>(), _indices, probs is null ? default : probs.Span<double>(), scale, c, dx.Span<double>());
        }
        if (Needs(1))
        {
            // dL/dt_ik = −sᵢ log p_ik.
            dt = torch.Tensor.Empty(_logp.dtype, _targetDims);
            for (int i = 0; i < n; i++)
                for (int k = 0; k < c; k++)
                    dt.SetFlat(i * c + k, -scale[i] * _logp.GetFlat(i * c + k), _logp.dtype);
        }
        return [dx, dt];
    }

    /// <summary>sᵢ: the upstream gradient of row i's loss.</summary>
    double[] RowScales(ReadOnlySpan<double> g, int n)
    {
        var s = new double[n];
        for (int i = 0; i < n; i++)
            s[i] = _reduction switch { Reduction.None => g[i], Reduction.Sum => g[0], _ => g[0] / n };
        return s;
    }

    /// <summary>dx_ik = sᵢ (p_ik − [k = yᵢ]), or sᵢ (p_ik Σⱼ t_ij − t_ik), with p = e^(log p).</summary>
    static void InputGrad<T>(ReadOnlySpan<T> logp, long[]? indices, ReadOnlySpan<T> probs, double[] scale, int c, Span<T> dx)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < scale.Length; i++)
        {
            var d = dx.Slice(i * c, c);
            var s = T.CreateTruncating(scale[i]);
            TensorPrimitives.Exp(logp.Slice(i * c, c), d);
            if (indices is not null)
            {
                d[(int)indices[i]] -= T.One;
                TensorPrimitives.Multiply(d, s, d);
            }
            else
            {
                var t = probs.Slice(i * c, c);
                TensorPrimitives.Multiply(d, TensorPrimitives.Sum(t), d);
                TensorPrimitives.Subtract(d, t, d);
                TensorPrimitives.Multiply(d, s, d);
            }
        }
    }
}

using System.Globalization;
using Edu.Sdk.Autograd;
using Edu.Sdk.Nn;

namespace Edu.Sdk.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, weight decay and Nesterov momentum; the update of
/// <c>torch.optim.SGD</c> (see <see cref="SgdKernel"/> for the formula). Made by <c>torch.optim.SGD(...)</c>.
/// </summary>
/// <remarks>
/// <para>With <see cref="StepsInBackward"/> (<c>step_in_backward: true</c>, plain SGD only), from each
/// <c>zero_grad()</c> to the next <c>step()</c>, a generated layer's backward applies p ← p − lr·g to each parameter
/// where it would have written g into <c>p.grad</c>, for the gradients it computes last (see
/// <see cref="Layers.LayerWorkspace.GradOrStepOf"/>): the gradient is never stored and read back, which at batch 1
/// halves a softmax regression's step. Gradients that still reach <c>p.grad</c> (a fused bias, a loop, a parameter
/// the layer reads again after its gradient) are applied by <see cref="Optimizer.step"/> as usual, so the update is
/// the same.</para>
/// <para>What changes: a stepped gradient is not there to read between the backward and <c>step()</c>, so clipping
/// it (<c>clip_grad_norm_</c>, <c>clip_grad_value_</c>) is refused, and several backwards before one <c>step()</c>
/// (gradient accumulation) each take their step, the later forwards seeing the updated weights. A tape computation
/// over a parameter (a penalty term) must run its own <c>backward()</c> before the generated one. The optimizer made
/// last over a parameter owns it: making another one stops this one stepping it. <c>Trainer.Fit</c> reads the
/// gradients (it watches them for divergence and clips them), so inside it the update happens in <c>step()</c>.</para>
/// </remarks>
public sealed class SGD : Optimizer
{
    readonly torch.Tensor?[] _buffers;
    double _momentum, _dampening, _weightDecay;
    bool _nesterov;

    internal SGD(IEnumerable<Parameter> parameters, double lr, double momentum, double dampening, double weight_decay, bool nesterov,
        bool step_in_backward = false)
        : base("SGD", parameters, lr)
    {
        (_momentum, _dampening, _weightDecay, _nesterov) = Check(momentum, dampening, weight_decay, nesterov);
        if (step_in_backward) RequirePlain(_momentum, _weightDecay);
        _buffers = new torch.Tensor?[_parameters.Length];
        StepsInBackward = step_in_backward;
        OwnParameters();
    }

    /// <summary>Arms the parameters this SGD owns: the backwards until <see cref="Optimizer.step"/> step them.</summary>
    private protected override void AfterZeroGrad()
    {
        if (!StepsInBackward) return;
        foreach (var p in _parameters)
            if (p.Owner == this)
            {
                p.SteppedInBackwardBy = this;
                p.SteppedSinceArmed = false;
            }
    }

    /// <summary>Disarms them: a backward after <see cref="Optimizer.step"/> and before the next <c>zero_grad()</c> fills grad.</summary>
    private protected override void AfterStep()
    {
        if (!StepsInBackward) return;
        foreach (var p in _parameters)
            if (p.SteppedInBackwardBy == this)
            {
                p.SteppedInBackwardBy = null;
                p.SteppedSinceArmed = false;
            }
    }

    /// <summary>
    /// True when generated backwards apply this optimizer's update as they compute the gradients (see the remarks);
    /// set by <c>torch.optim.SGD(..., step_in_backward: true)</c>.
    /// </summary>
    public bool StepsInBackward { get; }

    /// <summary>An update applied inside the backward must be p ← p − lr·g alone: momentum and weight decay read state the gradient does not carry.</summary>
    static void RequirePlain(double momentum, double weightDecay)
    {
        if (momentum != 0 || weightDecay != 0)
            throw new ArgumentException(
                $"SGD: step_in_backward applies p ← p − lr·g as each gradient is computed, which needs plain SGD; got momentum {Hyperparameters.Format(momentum)} " +
                $"and weight_decay {Hyperparameters.Format(weightDecay)}. Set both to 0, or leave step_in_backward off.", "step_in_backward");
    }

    static (double, double, double, bool) Check(double momentum, double dampening, double weightDecay, bool nesterov)
    {
        Hyperparameters.NonNegative("SGD", nameof(momentum), momentum);
        if (!double.IsFinite(dampening))
            throw new ArgumentOutOfRangeException(nameof(dampening), dampening, $"SGD: invalid dampening value {Hyperparameters.Format(dampening)}; it must be finite.");
        Hyperparameters.NonNegative("SGD", "weight_decay", weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("SGD: Nesterov momentum requires a momentum > 0 and zero dampening.", nameof(nesterov));
        return (momentum, dampening, weightDecay, nesterov);
    }

    /// <summary>The momentum factor μ.</summary>
    public double Momentum => _momentum;

    /// <summary>Plain SGD moves nothing on a zero gradient (momentum and weight decay would).</summary>
    private protected override bool ZeroGradientIsNoStep => _momentum == 0 && _weightDecay == 0;

    /// <summary>
    /// Plain SGD takes p ← p − lr·α·u·v straight from a batch-of-one gradient's factors, as one GEMM with β = 1: the
    /// gradient is not written (it still reads correctly afterwards). The parameter must be laid out as its gradient.
    /// </summary>
    private protected override bool UpdateFromFactors(Parameter p, torch.Tensor grad, PendingOuter outer)
    {
        if (!ZeroGradientIsNoStep || p.dtype != grad.dtype || !p.is_contiguous() || !p.Dims.SequenceEqual(grad.Dims)) return false;
        outer.AddInto(p, -LearningRate);
        return true;
    }

    private protected override void Update(int index, Parameter p, torch.Tensor grad)
    {
        bool first = false;
        if (_momentum != 0 && _buffers[index] is null)
        {
            _buffers[index] = torch.empty(p.shape, p.dtype);
            first = true;
        }
        var buffer = _momentum != 0 ? _buffers[index] : null;
        if (p.dtype == ScalarType.Float32)
            SgdKernel.Update(p.Span<float>(), grad.Span<float>(), buffer is null ? default : buffer.Span<float>(), first,
                new SgdScalars<float>(LearningRate, _momentum, _dampening, _weightDecay, _nesterov));
        else
            SgdKernel.Update(p.Span<double>(), grad.Span<double>(), buffer is null ? default : buffer.Span<double>(), first,
                new SgdScalars<double>(LearningRate, _momentum, _dampening, _weightDecay, _nesterov));
    }

    private protected override void WriteState(Dictionary<string, torch.Tensor> state)
    {
        state["momentum"] = torch.tensor(_momentum, torch.float64);
        state["dampening"] = torch.tensor(_dampening, torch.float64);
        state["weight_decay"] = torch.tensor(_weightDecay, torch.float64);
        state["nesterov"] = torch.tensor(new[] { _nesterov }, []);
        for (int i = 0; i < _buffers.Length; i++)
            if (_buffers[i] is { } b) state[$"state.{i.ToString(CultureInfo.InvariantCulture)}.momentum_buffer"] = b;
    }

    private protected override Action PrepareLoad(StateReader reader)
    {
        var hyper = Check(reader.Double("momentum"), reader.Double("dampening"), reader.Double("weight_decay"), reader.Bool("nesterov"));
        if (StepsInBackward) RequirePlain(hyper.Item1, hyper.Item3);
        var buffers = new torch.Tensor?[_buffers.Length];
        for (int i = 0; i < buffers.Length; i++)
            if (reader.HasState(i)) buffers[i] = reader.Buffer(i, "momentum_buffer");
        return () =>
        {
            (_momentum, _dampening, _weightDecay, _nesterov) = hyper;
            for (int i = 0; i < buffers.Length; i++) _buffers[i] = buffers[i]?.clone();
        };
    }
}

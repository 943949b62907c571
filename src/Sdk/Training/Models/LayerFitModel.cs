using Edu.Sdk.Layers;
using Edu.Sdk.Nn;
using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>
/// A generated <c>[Layer]</c> model trained without the tape: the model's fused forward, a loss (a generated loss
/// layer, or a function giving the loss and its gradient), the loss's backward, then the model's generated backward.
/// </summary>
internal sealed class LayerFitModel : IFitModel
{
    readonly IGeneratedLayer _model;
    readonly IGeneratedLayer? _lossLayer;
    readonly Func<Tensor, Tensor, (double loss, Tensor gradient)>? _lossFunction;
    readonly Tensor[] _modelInputs = new Tensor[1];
    readonly Tensor[] _lossInputs = new Tensor[2];
    Tensor? _gradient;      // the loss function's dL/doutput
    Tensor? _one;           // dL/dL for the loss layer's backward
    Tensor? _oneHot;        // reused one-hot targets for a loss layer fed class labels
    bool _forwarded;

    public LayerFitModel(IGeneratedLayer model, IGeneratedLayer? lossLayer, Func<Tensor, Tensor, (double loss, Tensor gradient)>? lossFunction)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.InputNames.Count != 1)
            throw new ArgumentException($"Trainer.Fit: {model.GetType().Name} takes {model.InputNames.Count} inputs ({string.Join(", ", model.InputNames)}); the fit loop feeds a model one tensor, the features.", nameof(model));
        if (lossLayer is not null && lossLayer.InputNames.Count != 2)
            throw new ArgumentException($"Trainer.Fit: the loss {lossLayer.GetType().Name} takes {lossLayer.InputNames.Count} inputs; a loss layer takes two, (output, target).", nameof(lossLayer));
        _model = model;
        _lossLayer = lossLayer;
        _lossFunction = lossFunction;
        NamedParameters = model.named_parameters();
    }

    public IReadOnlyList<(string name, Parameter parameter)> NamedParameters { get; }

    public void SetTraining(bool training)
    {
        _model.train(training);
        _lossLayer?.train(training);
    }

    public double Forward(Tensor features, Tensor targets, out Tensor output)
    {
        _modelInputs[0] = features;
        output = _model.Forward(_modelInputs);
        _forwarded = true;
        return Loss(output, targets, gradient: true);
    }

    public void Backward()
    {
        if (!_forwarded) throw new InvalidOperationException("Backward: call Forward first.");
        _forwarded = false;
        Tensor dOutput;
        if (_lossLayer is not null)
        {
            _one ??= ones([], _modelInputs[0].dtype.IsFloatingPoint() ? _modelInputs[0].dtype : ScalarType.Float32);
            dOutput = _lossLayer.Backward(_one, inputGradients: true)[0]
                ?? throw new InvalidOperationException($"{_lossLayer.GetType().Name}: its backward returned no gradient for its first input (the model's output).");
        }
        else dOutput = _gradient!;
        _model.Backward(dOutput, inputGradients: false);
    }

    public double Evaluate(Tensor features, Tensor targets, out Tensor output)
    {
        using var _ = no_grad();
        _modelInputs[0] = features;
        output = _model.Forward(_modelInputs);
        return Loss(output, targets, gradient: false);
    }

    double Loss(Tensor output, Tensor targets, bool gradient)
    {
        if (_lossFunction is not null)
        {
            var (loss, g) = _lossFunction(output, TargetShapes.Match(output, targets));
            if (gradient) _gradient = g;
            return loss;
        }
        _lossInputs[0] = output;
        _lossInputs[1] = LossTargets(output, targets);
        return _lossLayer!.Forward(_lossInputs).ToDouble();
    }

    /// <summary>
    /// Class labels (Int64, shape (n)) against a (n, C) output: one-hot rows of the output's dtype, in a reused buffer
    /// (generated losses such as <c>-(target * log_softmax(logits, 1)).sum(1).mean()</c> take one-hot targets).
    /// </summary>
    Tensor LossTargets(Tensor output, Tensor targets)
    {
        if (targets.dtype != ScalarType.Int64 || targets.dim() != 1 || output.dim() != 2) return TargetShapes.Match(output, targets);
        int n = (int)output.size(0), c = (int)output.size(1);
        if (_oneHot is null || _oneHot.size(0) != n || _oneHot.size(1) != c || _oneHot.dtype != output.dtype)
            _oneHot = zeros([n, c], output.dtype);
        var labels = targets.data<long>();
        if (output.dtype == ScalarType.Float32) Fill(_oneHot.Span<float>(), labels, c, 1f);
        else Fill(_oneHot.Span<double>(), labels, c, 1d);
        _oneHot.BumpVersion();
        return _oneHot;
    }

    static void Fill<T>(Span<T> rows, ReadOnlySpan<long> labels, int c, T one) where T : unmanaged
    {
        rows.Clear();
        for (int i = 0; i < labels.Length; i++)
        {
            long l = labels[i];
            if ((ulong)l >= (ulong)c)
                throw new ArgumentException($"Trainer.Fit: label {l} at row {i} is outside the model's {c} outputs (0..{c - 1}).");
            rows[i * c + (int)l] = one;
        }
    }
}

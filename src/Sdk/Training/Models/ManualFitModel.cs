using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>A student's hand-written model: forward, loss and backward are all theirs.</summary>
internal sealed class ManualFitModel : IFitModel
{
    readonly IManualModel _model;
    Tensor? _x, _output, _targets;

    public ManualFitModel(IManualModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        NamedParameters = model.named_parameters();
    }

    public IReadOnlyList<(string name, Parameter parameter)> NamedParameters { get; }

    public void SetTraining(bool training)
    {
        if (_model is Layers.ILayer layer) layer.train(training);
    }

    public double Forward(Tensor features, Tensor targets, out Tensor output)
    {
        output = _model.forward(features);
        (_x, _output, _targets) = (features, output, targets);
        return _model.loss(output, targets);
    }

    public void Backward()
    {
        if (_x is null) throw new InvalidOperationException("Backward: call Forward first.");
        _model.backward(_x, _output!, _targets!);
        (_x, _output, _targets) = (null, null, null);
    }

    public double Evaluate(Tensor features, Tensor targets, out Tensor output)
    {
        output = _model.forward(features);
        return _model.loss(output, targets);
    }
}

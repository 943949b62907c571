using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>A tape model: <c>loss(model.forward(x), y).backward()</c>.</summary>
internal sealed class ModuleFitModel : IFitModel
{
    readonly Module<Tensor, Tensor> _model;
    readonly Module<Tensor, Tensor, Tensor> _loss;
    Tensor? _lastLoss;

    public ModuleFitModel(Module<Tensor, Tensor> model, Module<Tensor, Tensor, Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(loss);
        _model = model;
        _loss = loss;
        NamedParameters = [.. model.named_parameters()];
    }

    public IReadOnlyList<(string name, Parameter parameter)> NamedParameters { get; }

    public void SetTraining(bool training) => _model.train(training);

    public double Forward(Tensor features, Tensor targets, out Tensor output)
    {
        using (enable_grad())
        {
            output = _model.forward(features);
            _lastLoss = _loss.forward(output, TargetShapes.Match(output, targets));
        }
        return _lastLoss.ToDouble();
    }

    public void Backward()
    {
        var loss = _lastLoss ?? throw new InvalidOperationException("Backward: call Forward first.");
        _lastLoss = null;
        loss.backward();
    }

    public double Evaluate(Tensor features, Tensor targets, out Tensor output)
    {
        using var _ = no_grad();
        output = _model.forward(features);
        return _loss.forward(output, TargetShapes.Match(output, targets)).ToDouble();
    }

    /// <summary>For a <see cref="Sequential"/>: each child's output in turn (a non-sequential model tells nothing).</summary>
    public IEnumerable<(string layer, Tensor output)> Activations(Tensor features)
    {
        if (_model is not Sequential sequential) yield break;
        var names = sequential.named_children().ToList();
        var x = features;
        for (int i = 0; i < sequential.Count; i++)
        {
            using (no_grad()) x = sequential[i].forward(x);
            yield return ($"{names[i].name} ({sequential[i].GetName()})", x);
        }
    }
}

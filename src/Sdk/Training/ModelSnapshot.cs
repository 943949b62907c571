using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>
/// A copy of a model's parameters at one epoch (the best one, in <see cref="History.Best"/>): its own tensors, not
/// references to the model's, so training on (or changing the model) leaves it as it was.
/// </summary>
/// <example>
/// <code>
/// var history = Trainer.Fit(model, loss, optimizer, train, validation, options);
/// history.Best!.Restore();                       // the model is back at its best epoch
/// Console.WriteLine(history.Best.Epoch);         // e.g. 4
/// </code>
/// </example>
public sealed class ModelSnapshot
{
    readonly IReadOnlyList<(string Name, Parameter Parameter)> _source;
    readonly Tensor[] _values;

    internal ModelSnapshot(IReadOnlyList<(string name, Parameter parameter)> parameters)
    {
        _source = [.. parameters.Select(p => (p.name, p.parameter))];
        using var _ = no_grad();
        _values = [.. _source.Select(p => p.Parameter.detach().clone())];
    }

    /// <summary>The epoch whose parameters these are (0: before training).</summary>
    public int Epoch { get; private set; }

    /// <summary>The validation score that made this epoch the best (the accuracy, loss or MAE, as chosen by <see cref="FitOptions.BestBy"/>).</summary>
    public double Score { get; private set; }

    /// <summary>The names of the parameters, in order.</summary>
    public IReadOnlyList<string> Names => [.. _source.Select(p => p.Name)];

    /// <summary>A fresh copy of the kept values, by parameter name: load it with <c>model.load_state_dict(snapshot.state_dict())</c> or save it.</summary>
    public Dictionary<string, Tensor> state_dict()
    {
        var d = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < _values.Length; i++) d[_source[i].Name] = _values[i].clone();
        return d;
    }

    /// <summary>Copies the kept values back into the model's parameters, in place (optimizers keep working on them).</summary>
    public void Restore()
    {
        using var _ = no_grad();
        for (int i = 0; i < _values.Length; i++) _source[i].Parameter.copy_(_values[i]);
    }

    /// <summary>Takes the model's current values (into the buffers already held: no allocation after the first).</summary>
    internal void Capture(int epoch, double score)
    {
        using (no_grad())
            for (int i = 0; i < _values.Length; i++) _values[i].copy_(_source[i].Parameter);
        Epoch = epoch;
        Score = score;
    }
}

using Edu.Sdk.Autograd;
using Edu.Sdk.Nn;

namespace Edu.Sdk.Optim;

/// <summary>
/// What every optimizer does, in TorchSharp's shape: it holds the parameters it was given (in order), zeroes their
/// gradients, updates them from their gradients in <see cref="step"/>, exposes a settable learning rate for schedules,
/// and saves and restores its state as a dictionary of tensors (<see cref="state_dict"/>).
/// </summary>
/// <remarks>
/// The optimizers are <see cref="SGD"/> and <see cref="Adam"/>. An assignment that asks students to write an optimizer
/// (A2) has them write a plain class over <c>Parameter.grad</c>; this base is not meant to be derived from outside the SDK.
/// </remarks>
public abstract class Optimizer
{
    private protected readonly Parameter[] _parameters;
    double _lr;

    private protected Optimizer(string name, IEnumerable<Parameter> parameters, double lr)
    {
        Name = name;
        _lr = Hyperparameters.LearningRate(name, lr);
        InitialLearningRate = _lr;
        _parameters = ParameterList.From(name, parameters);
    }

    /// <summary>
    /// Takes the parameters over, at the end of a concrete optimizer's constructor (once every argument is checked, so
    /// a constructor that throws takes nothing): the newest optimizer over a parameter owns it, and an SGD stepping in
    /// the backward that was made before stops.
    /// </summary>
    private protected void OwnParameters()
    {
        foreach (var p in _parameters)
        {
            p.Owner = this;
            p.SteppedInBackwardBy = null;
            p.SteppedSinceArmed = false;
        }
    }

    /// <summary>The optimizer's name as used in messages and checkpoints (<c>SGD</c>, <c>Adam</c>).</summary>
    internal string Name { get; }

    /// <summary>The parameters this optimizer updates, in the order given; state is keyed by this order.</summary>
    public IEnumerable<Parameter> parameters() => _parameters;

    /// <summary>The learning rate used by the next <see cref="step"/>; set it from a schedule (finite, &gt;= 0).</summary>
    public double LearningRate
    {
        get => _lr;
        set => _lr = Hyperparameters.LearningRate(Name, value);
    }

    /// <summary>The learning rate the optimizer was created with (what schedules scale).</summary>
    public double InitialLearningRate { get; }

    /// <summary>
    /// Sets every parameter's gradient to zero (keeping the gradient tensors, so the next backward allocates nothing).
    /// Parameters without a gradient are left without one. The zeros are written lazily: a generated layer's
    /// backward overwrites the gradient instead of adding to zeros (see <see cref="torch.Tensor.grad"/>).
    /// </summary>
    public void zero_grad()
    {
        foreach (var p in _parameters) p.ZeroGradDeferred();
        AfterZeroGrad();
    }

    /// <summary>After <see cref="zero_grad"/>: an SGD with <c>step_in_backward</c> arms its parameters here.</summary>
    private protected virtual void AfterZeroGrad() { }

    /// <summary>After <see cref="step"/>: an SGD with <c>step_in_backward</c> disarms its parameters here.</summary>
    private protected virtual void AfterStep() { }

    /// <summary>
    /// Updates every parameter that has a gradient (parameters whose <c>grad</c> is null are skipped), in place.
    /// With a <paramref name="closure"/> (which recomputes the loss and calls backward), runs it first with
    /// gradients enabled and returns its loss, as in TorchSharp; otherwise returns null.
    /// </summary>
    public torch.Tensor? step(Func<torch.Tensor>? closure = null)
    {
        torch.Tensor? loss = null;
        try
        {
            if (closure is not null)
                using (torch.enable_grad()) loss = closure();
            // As under no_grad(), without allocating its scope object: a step allocates nothing once the state exists.
            bool wasEnabled = GradMode.Set(false);
            try
            {
                for (int i = 0; i < _parameters.Length; i++)
                {
                    var p = _parameters[i];
                    // A gradient zero_grad cleared and no backward wrote since (a parameter stepped in the backward, or
                    // not reached) is skipped without writing its zeros when a zero gradient changes nothing.
                    if (p.GradAsIs is not { } pending || (pending._zeroPending && ZeroGradientIsNoStep)) continue;
                    if (pending._outer is { Active: true } outer && UpdateFromFactors(p, pending, outer))
                    {
                        p.BumpVersion();
                        continue;
                    }
                    var grad = p.GradValue!;
                    Update(i, p, Storage.Gradient(Name, i, p, grad));
                    p.BumpVersion();
                }
            }
            finally
            {
                GradMode.Set(wasEnabled);
            }
        }
        finally
        {
            // Even when the closure or an update throws: a backward after step() only fills grad.
            AfterStep();
        }
        return loss;
    }

    /// <summary>
    /// Applies a gradient still kept as an outer product's factors (<see cref="PendingOuter"/>, a batch of one) without
    /// writing it, and returns true; false when the update needs the gradient's values (the default), which are then
    /// written and passed to <see cref="Update"/>.
    /// </summary>
    private protected virtual bool UpdateFromFactors(Parameter p, torch.Tensor grad, PendingOuter outer) => false;

    /// <summary>True when an update from a zero gradient leaves the parameter and the state unchanged (plain SGD).</summary>
    private protected virtual bool ZeroGradientIsNoStep => false;

    /// <summary>Updates parameter <paramref name="index"/> from its gradient (checked: same dtype and shape, contiguous).</summary>
    private protected abstract void Update(int index, Parameter p, torch.Tensor grad);

    /// <summary>
    /// The optimizer's state: hyper-parameters as 0-d tensors under their names (<c>lr</c>, <c>momentum</c>,
    /// <c>beta1</c>, ...: Float64, or Bool for flags) and per-parameter state under <c>state.{index}.{name}</c>
    /// (e.g. <c>state.0.exp_avg</c>, <c>state.0.step</c>), the index being the parameter's position in
    /// <see cref="parameters"/>. Parameters that have not been updated yet have no state.
    /// The buffers are shared with the optimizer, as in PyTorch: clone them to keep a snapshot.
    /// </summary>
    public Dictionary<string, torch.Tensor> state_dict()
    {
        var d = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal) { ["lr"] = torch.tensor(_lr, torch.float64) };
        WriteState(d);
        return d;
    }

    /// <summary>
    /// Restores a state written by <see cref="state_dict"/> of the same kind of optimizer over parameters of the same
    /// shapes and dtypes, hyper-parameters included. Everything is checked before anything changes: on error the
    /// optimizer is untouched. Buffers are copied, not shared.
    /// </summary>
    public void load_state_dict(IReadOnlyDictionary<string, torch.Tensor> state_dict) => PrepareLoad(state_dict)();

    /// <summary>Checks <paramref name="state"/> completely and returns the action that applies it (which cannot fail).</summary>
    internal Action PrepareLoad(IReadOnlyDictionary<string, torch.Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var reader = new StateReader(Name, state, _parameters);
        double lr = Hyperparameters.LearningRate(Name, reader.Double("lr"));
        var apply = PrepareLoad(reader);
        reader.RejectUnread();
        return () =>
        {
            _lr = lr;
            apply();
        };
    }

    /// <summary>Adds the hyper-parameters other than lr, and the per-parameter state.</summary>
    private protected abstract void WriteState(Dictionary<string, torch.Tensor> state);

    /// <summary>Reads and checks everything but lr from <paramref name="reader"/>; returns what applies it.</summary>
    private protected abstract Action PrepareLoad(StateReader reader);
}

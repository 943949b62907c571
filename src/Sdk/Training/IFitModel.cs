using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>
/// What the fit loop needs from a model, whatever computes its gradients: a tape model, a generated
/// <c>[Layer]</c>, or a student's hand-written forward and backward. <see cref="Trainer"/>'s <c>Fit</c> overloads wrap
/// each kind in one of these; implement it yourself only for a model none of them fits.
/// </summary>
/// <remarks>
/// One training step is <see cref="Forward"/> (loss and output of a batch), then, gradients having been zeroed,
/// <see cref="Backward"/> (adds dLoss/dParameter into each parameter's <c>grad</c>), then the optimizer's step.
/// </remarks>
public interface IFitModel
{
    /// <summary>The learnable tensors with their names (<c>0.weight</c>, <c>w1</c>), in a fixed order.</summary>
    IReadOnlyList<(string name, Parameter parameter)> NamedParameters { get; }

    /// <summary>Switches the model to training (true) or evaluation (false) mode.</summary>
    void SetTraining(bool training);

    /// <summary>The training forward of one batch: returns the mean loss and sets <paramref name="output"/> to the model's output; keeps what <see cref="Backward"/> needs.</summary>
    /// <param name="features">The batch's features.</param>
    /// <param name="targets">The batch's targets (labels or values).</param>
    /// <param name="output">The model's output (scores, logits or predictions), valid until the next call.</param>
    double Forward(Tensor features, Tensor targets, out Tensor output);

    /// <summary>Adds the gradients of the last <see cref="Forward"/>'s loss into the parameters' <c>grad</c>.</summary>
    void Backward();

    /// <summary>The evaluation forward of one batch, without gradients: the mean loss and the output.</summary>
    /// <param name="features">The batch's features.</param>
    /// <param name="targets">The batch's targets.</param>
    /// <param name="output">The model's output, valid until the next call.</param>
    double Evaluate(Tensor features, Tensor targets, out Tensor output);

    /// <summary>
    /// The output of each layer for <paramref name="features"/>, in order, computed without gradients: used to name the
    /// layer whose activation blew up when training diverges. Empty when the model cannot tell (the default).
    /// </summary>
    IEnumerable<(string layer, Tensor output)> Activations(Tensor features) => [];
}

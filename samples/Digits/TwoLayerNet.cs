using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Samples;

/// <summary>
/// The two-layer network as a module class: Ŷ = softmax(relu(X·W1ᵀ + b1)·W2ᵀ + b2). nn.Linear stores its weight as
/// (out, in), as in PyTorch, so W1 here is the transpose of the hand-written version's (d×h) matrix.
/// </summary>
internal sealed class TwoLayerNet : Module<Tensor, Tensor>
{
    // Fields of type Module are found by reflection: parameters() lists hidden.weight, hidden.bias, output.weight, output.bias.
    public readonly Linear hidden;
    public readonly Linear output;

    public TwoLayerNet(long inputs, long hiddenWidth, long classes)
    {
        hidden = nn.Linear(inputs, hiddenWidth);
        output = nn.Linear(hiddenWidth, classes);
    }

    /// <summary>Class probabilities: each row sums to 1.</summary>
    public override Tensor forward(Tensor x) => output.forward(hidden.forward(x).relu()).softmax(1);
}

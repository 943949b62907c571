namespace Edu.Sdk.Training;

/// <summary>The activation used after each hidden layer of an A5 network.</summary>
public enum ActivationKind
{
    /// <summary>max(x, 0).</summary>
    ReLU,

    /// <summary>1 / (1 + e⁻ˣ).</summary>
    Sigmoid,

    /// <summary>tanh(x).</summary>
    Tanh,
}

namespace Edu.Sdk.Layers;

/// <summary>The activation a fused <c>x·w + b</c> kernel applies in the same pass (<see cref="LayerWorkspace.MatMulAdd"/>).</summary>
public enum Activation
{
    /// <summary>No activation: y = x·w + b.</summary>
    None,
    /// <summary>y = relu(x·w + b).</summary>
    Relu,
    /// <summary>y = sigmoid(x·w + b).</summary>
    Sigmoid,
    /// <summary>y = tanh(x·w + b).</summary>
    Tanh,
}

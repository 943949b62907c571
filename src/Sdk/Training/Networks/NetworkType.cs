namespace Edu.Sdk.Training;

/// <summary>A5's two kinds of network.</summary>
public enum NetworkType
{
    /// <summary>A multi-layer perceptron over the flattened image.</summary>
    Mlp,

    /// <summary>A convolutional network: conv layers, then dense layers.</summary>
    Cnn,
}

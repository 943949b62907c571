using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>Builds A5's networks, following its rules exactly.</summary>
/// <remarks>
/// MLP: flatten inside the network; each hidden dense layer followed by the activation; the output layer (one value)
/// without it. CNN: per conv layer, conv → activation → MaxPool2d(2), except the last conv layer, which is followed by
/// conv → activation → AdaptiveMaxPool2d((4, 4)) and Flatten; then the dense layers as in the MLP.
/// Layers are named <c>conv1</c>, <c>conv1_act</c>, <c>pool1</c>, …, <c>flatten</c>, <c>fc1</c>, <c>fc1_act</c>, …, <c>output</c>.
/// </remarks>
internal static class NetworkBuilder
{
    public static Sequential Build(NetworkType type, NetworkConfiguration config, (int Channels, int Height, int Width) input, ActivationKind activation)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (input.Channels <= 0 || input.Height <= 0 || input.Width <= 0)
            throw new ArgumentException($"Trainer: the input shape must be positive, got {input.Channels}x{input.Height}x{input.Width}.");
        if (config.DenseHiddens.Any(h => h <= 0))
            throw new ArgumentException($"Trainer: dense layer widths must be positive, got ({string.Join(", ", config.DenseHiddens)}).");
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        long features;
        if (type == NetworkType.Mlp)
        {
            layers.Add(("flatten", nn.Flatten()));
            features = (long)input.Channels * input.Height * input.Width;
        }
        else features = AddConvolutions(layers, config, input, activation);

        for (int i = 0; i < config.DenseHiddens.Count; i++)
        {
            layers.Add(($"fc{i + 1}", nn.Linear(features, config.DenseHiddens[i])));
            layers.Add(($"fc{i + 1}_act", Activation(activation)));
            features = config.DenseHiddens[i];
        }
        layers.Add(("output", nn.Linear(features, 1)));
        return nn.Sequential([.. layers]);
    }

    static long AddConvolutions(List<(string, Module<Tensor, Tensor>)> layers, NetworkConfiguration config, (int Channels, int Height, int Width) input, ActivationKind activation)
    {
        int n = config.Channels.Count;
        if (n == 0) throw new ArgumentException("Trainer: a CNN needs at least one conv layer (Channels is empty).");
        if (config.KernelSizes.Count != n || config.Strides.Count != n || (config.Paddings is { } p && p.Count != n))
            throw new ArgumentException($"Trainer: Channels, KernelSizes, Strides (and Paddings) need one entry per conv layer; got {n}, {config.KernelSizes.Count}, {config.Strides.Count}" +
                (config.Paddings is null ? "" : $", {config.Paddings.Count}") + ".");
        layers.Add(("input", new ImageShape(input.Channels, input.Height, input.Width)));
        long channels = input.Channels;
        int h = input.Height, w = input.Width;
        for (int i = 0; i < n; i++)
        {
            int k = config.KernelSizes[i], s = config.Strides[i], pad = config.Paddings?[i] ?? 0, c = config.Channels[i];
            if (k <= 0 || s <= 0 || pad < 0 || c <= 0)
                throw new ArgumentException($"Trainer: conv{i + 1} needs positive channels, kernel and stride and a non-negative padding; got channels {c}, kernel {k}, stride {s}, padding {pad}.");
            h = (h + 2 * pad - k) / s + 1;
            w = (w + 2 * pad - k) / s + 1;
            if (h < 1 || w < 1)
                throw new ArgumentException($"Trainer: conv{i + 1} (kernel {k}, stride {s}, padding {pad}) does not fit the {Before(i, config, input)} image it receives; use a smaller kernel or some padding.");
            layers.Add(($"conv{i + 1}", nn.Conv2d(channels, c, k, s, pad)));
            layers.Add(($"conv{i + 1}_act", Activation(activation)));
            channels = c;
            if (i < n - 1)
            {
                if (h < 2 || w < 2)
                    throw new ArgumentException($"Trainer: after conv{i + 1} the image is {h}x{w}, too small for MaxPool2d(2); use padding (e.g. Paddings = [1, ...]), smaller strides or fewer conv layers.");
                layers.Add(($"pool{i + 1}", nn.MaxPool2d(2)));
                h /= 2;
                w /= 2;
            }
            else layers.Add(($"pool{i + 1}", nn.AdaptiveMaxPool2d((4, 4))));
        }
        layers.Add(("flatten", nn.Flatten()));
        return channels * 4 * 4;
    }

    static string Before(int layer, NetworkConfiguration config, (int Channels, int Height, int Width) input)
    {
        int h = input.Height, w = input.Width;
        for (int i = 0; i < layer; i++)
        {
            int k = config.KernelSizes[i], s = config.Strides[i], pad = config.Paddings?[i] ?? 0;
            h = ((h + 2 * pad - k) / s + 1) / 2;
            w = ((w + 2 * pad - k) / s + 1) / 2;
        }
        return $"{h}x{w}";
    }

    static Module<Tensor, Tensor> Activation(ActivationKind kind) => kind switch
    {
        ActivationKind.ReLU => nn.ReLU(),
        ActivationKind.Sigmoid => nn.Sigmoid(),
        ActivationKind.Tanh => nn.Tanh(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Trainer: the activation is relu, sigmoid or tanh."),
    };
}

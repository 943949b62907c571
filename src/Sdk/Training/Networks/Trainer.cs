using Edu.Sdk.Data;
using Edu.Sdk.Nn;
using Edu.Sdk.Optim;
using Edu.Sdk.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

// A5's trainer: a regressor of the class label (as a number) built from a NetworkConfiguration, trained with Adam and MSE.
public sealed partial class Trainer
{
    readonly MSELoss _loss = new();

    /// <summary>
    /// Builds A5's network (<see cref="NetworkType.Mlp"/> or <see cref="NetworkType.Cnn"/>, one regression output),
    /// initialised from <paramref name="seed"/> alone, and an Adam optimizer over it.
    /// </summary>
    /// <param name="networkType">MLP or CNN.</param>
    /// <param name="configuration">The conv layers and the hidden dense widths.</param>
    /// <param name="inputShape">One example's (channels, height, width): (1, 28, 28) for Fashion-MNIST, (1, 8, 8) for the digits, (3, 32, 32) for SVHN.</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="batchSize">Examples per step.</param>
    /// <param name="activation">The hidden layers' activation.</param>
    /// <param name="seed">Seeds the initialisation and the batch order: the same seed gives the same losses.</param>
    /// <example>
    /// <code>
    /// var trainer = new Trainer(NetworkType.Cnn, new NetworkConfiguration([16, 32, 45], [3, 3, 3], [1, 1, 1], [128]),
    ///                           inputShape: (1, 28, 28), learningRate: 1e-3, batchSize: 128, ActivationKind.ReLU, seed: 1);
    /// var history = trainer.Train(train, validation, epochs: 5);   // MSE loss, MAE and rounded accuracy per epoch
    /// Console.WriteLine(trainer.Evaluate(test));
    /// </code>
    /// </example>
    public Trainer(NetworkType networkType, NetworkConfiguration configuration, (int Channels, int Height, int Width) inputShape,
        double learningRate = 1e-3, int batchSize = 128, ActivationKind activation = ActivationKind.ReLU, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), $"Trainer: the batch size must be positive, got {batchSize}.");
        NetworkType = networkType;
        Configuration = configuration;
        InputShape = inputShape;
        BatchSize = batchSize;
        Activation = activation;
        Seed = seed;
        Network = Initialization.Reset(NetworkBuilder.Build(networkType, configuration, inputShape, activation), new Generator(seed));
        Optimizer = optim.Adam(Network.parameters(), lr: learningRate);
    }

    /// <summary>A5's spelling: network type "mlp" or "cnn", activation "relu", "sigmoid" or "tanh".</summary>
    /// <param name="networkType">"mlp" or "cnn" (any case).</param>
    /// <param name="configuration">The conv layers and the hidden dense widths.</param>
    /// <param name="inputShape">One example's (channels, height, width).</param>
    /// <param name="learningRate">Adam's learning rate.</param>
    /// <param name="batchSize">Examples per step.</param>
    /// <param name="activation">"relu", "sigmoid" or "tanh" (any case).</param>
    /// <param name="seed">Seeds the initialisation and the batch order.</param>
    public Trainer(string networkType, NetworkConfiguration configuration, (int Channels, int Height, int Width) inputShape,
        double learningRate = 1e-3, int batchSize = 128, string activation = "relu", long seed = 0)
        : this(ParseNetworkType(networkType), configuration, inputShape, learningRate, batchSize, ParseActivation(activation), seed) { }

    /// <summary>MLP or CNN.</summary>
    public NetworkType NetworkType { get; }

    /// <summary>The configuration the network was built from.</summary>
    public NetworkConfiguration Configuration { get; }

    /// <summary>One example's (channels, height, width).</summary>
    public (int Channels, int Height, int Width) InputShape { get; }

    /// <summary>Examples per step.</summary>
    public int BatchSize { get; }

    /// <summary>The hidden layers' activation.</summary>
    public ActivationKind Activation { get; }

    /// <summary>The seed of the initialisation and the batch order.</summary>
    public long Seed { get; }

    /// <summary>The network: named layers (<c>conv1</c>, <c>pool1</c>, …, <c>fc1</c>, <c>output</c>) ending in one output.</summary>
    public Sequential Network { get; }

    /// <summary>Adam over the network's parameters (its learning rate can be changed between calls to <see cref="Train"/>).</summary>
    public Adam Optimizer { get; }

    /// <summary>
    /// Trains for <paramref name="epochs"/> more epochs with MSE on the class label as a number, scoring the mean
    /// absolute error and the accuracy of the rounded prediction. Calling it again goes on from where it stopped
    /// (the batch order then starts again from the seed).
    /// </summary>
    /// <param name="train">Images (flat or not) with Int64 labels, or float targets.</param>
    /// <param name="validation">Scored after each epoch; none when null.</param>
    /// <param name="epochs">Epochs to train.</param>
    /// <param name="options">Other settings (progress, log, TensorBoard); epochs, batch size, seed and task are the trainer's.</param>
    public History Train(Dataset train, Dataset? validation = null, int epochs = 1, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        var o = (options ?? new FitOptions()) with
        {
            Epochs = epochs,
            BatchSize = BatchSize,
            Seed = Seed,
            Task = TaskKind.Regression,
            RoundedAccuracy = true,
            BestBy = options?.BestBy is { } b && b != BestBy.Auto ? b : BestBy.MeanAbsoluteError,
        };
        return Fit(Network, _loss, Optimizer, AsRegression(train), validation is null ? null : AsRegression(validation), o);
    }

    /// <summary>The network's scores on <paramref name="data"/>: MSE loss, MAE, and the accuracy of the rounded prediction.</summary>
    public Scores Evaluate(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var model = new ModuleFitModel(Network, _loss);
        var options = new FitOptions { Task = TaskKind.Regression, RoundedAccuracy = true };
        return new Evaluator(model, TaskKind.Regression, options).Evaluate(AsRegression(data));
    }

    /// <summary>A5's targets: class labels (Int64) become their value as a float32 column (n, 1); float targets are kept (as a column).</summary>
    public static Dataset AsRegression(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var t = data.Targets;
        if (t.dtype == ScalarType.Int64) t = t.to(ScalarType.Float32);
        if (t.dim() == 1) t = t.reshape(t.size(0), 1);
        return ReferenceEquals(t, data.Targets) ? data : data.WithTargets(t, data.Classes);
    }

    /// <summary>The network as PyTorch prints it, under a line with the type and configuration.</summary>
    public override string ToString() => $"Trainer({NetworkType}, {Configuration}, {Activation}, lr {Optimizer.LearningRate}, batch {BatchSize})\n{Network}";

    static NetworkType ParseNetworkType(string s) => s?.Trim().ToUpperInvariant() switch
    {
        "MLP" => NetworkType.Mlp,
        "CNN" => NetworkType.Cnn,
        _ => throw new ArgumentException($"Trainer: the network type is 'mlp' or 'cnn', got '{s}'.", nameof(s)),
    };

    static ActivationKind ParseActivation(string s) => s?.Trim().ToUpperInvariant() switch
    {
        "RELU" => ActivationKind.ReLU,
        "SIGMOID" => ActivationKind.Sigmoid,
        "TANH" => ActivationKind.Tanh,
        _ => throw new ArgumentException($"Trainer: the activation is 'relu', 'sigmoid' or 'tanh', got '{s}'.", nameof(s)),
    };
}

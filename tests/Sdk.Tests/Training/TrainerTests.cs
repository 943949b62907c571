using Edu.Sdk.Data;
using Edu.Sdk.Nn;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Training;

public class TrainerTests
{
    static readonly NetworkConfiguration Cnn3 = new([16, 32, 45], [3, 3, 3], [1, 1, 1], [128]);

    static string[] Shapes(Trainer t) => [.. t.Network.named_parameters().Select(p => $"{p.name} {string.Join("x", p.parameter.shape)}")];

    [Fact]
    public void Cnn_16_32_45_on_28x28_has_a5s_parameter_shapes()
    {
        var trainer = new Trainer(NetworkType.Cnn, Cnn3, (1, 28, 28));
        Assert.Equal([
            "conv1.weight 16x1x3x3", "conv1.bias 16",
            "conv2.weight 32x16x3x3", "conv2.bias 32",
            "conv3.weight 45x32x3x3", "conv3.bias 45",
            "fc1.weight 128x720", "fc1.bias 128",          // 45 channels x AdaptiveMaxPool2d((4, 4)) = 720
            "output.weight 1x128", "output.bias 1"], Shapes(trainer));
    }

    [Fact]
    public void Cnn_layers_follow_a5s_rules()
    {
        var trainer = new Trainer("cnn", Cnn3 with { Paddings = [1, 1, 1] }, (1, 8, 8), activation: "tanh");
        var layers = trainer.Network.named_children().Select(c => $"{c.name}:{c.module.GetName()}").ToArray();
        Assert.Equal([
            "input:ImageShape",
            "conv1:Conv2d", "conv1_act:Tanh", "pool1:MaxPool2d",
            "conv2:Conv2d", "conv2_act:Tanh", "pool2:MaxPool2d",
            "conv3:Conv2d", "conv3_act:Tanh", "pool3:AdaptiveMaxPool2d",
            "flatten:Flatten",
            "fc1:Linear", "fc1_act:Tanh",
            "output:Linear"], layers);
        Assert.Equal((4L, 4L), ((AdaptiveMaxPool2d)trainer.Network[9]).output_size);
        Assert.Equal((2L, 2L), ((MaxPool2d)trainer.Network[3]).kernel_size);
        // 8x8 with padding 1: conv keeps 8x8, pool 4x4, conv 4x4, pool 2x2, conv 2x2, adaptive pool 4x4.
        var y = trainer.Network.forward(zeros(5, 8, 8));
        Assert.Equal([5L, 1], y.shape);
        Assert.Contains("fc1.weight 128x720", Shapes(trainer));
    }

    [Fact]
    public void Mlp_flattens_inside_and_has_no_activation_after_the_output()
    {
        var trainer = new Trainer(NetworkType.Mlp, NetworkConfiguration.Mlp(128, 128), (1, 8, 8), activation: ActivationKind.Sigmoid);
        Assert.Equal(["flatten:Flatten", "fc1:Linear", "fc1_act:Sigmoid", "fc2:Linear", "fc2_act:Sigmoid", "output:Linear"],
            trainer.Network.named_children().Select(c => $"{c.name}:{c.module.GetName()}"));
        Assert.Equal(["fc1.weight 128x64", "fc1.bias 128", "fc2.weight 128x128", "fc2.bias 128", "output.weight 1x128", "output.bias 1"], Shapes(trainer));
    }

    [Fact]
    public void Too_small_images_are_refused_with_a_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => new Trainer(NetworkType.Cnn, Cnn3, (1, 8, 8)));
        Assert.Contains("too small for MaxPool2d(2); use padding", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Trainer("rnn", Cnn3, (1, 28, 28)));
        Assert.Throws<ArgumentException>(() => new Trainer("cnn", Cnn3, (1, 28, 28), activation: "gelu"));
        Assert.Throws<ArgumentException>(() => new Trainer(NetworkType.Cnn, Cnn3 with { Strides = [1, 1] }, (1, 28, 28)));
    }

    [Fact]
    public void Same_seed_gives_identical_losses_and_another_seed_does_not()
    {
        var (train, validation) = TrainingData.DigitImages;
        var config = new NetworkConfiguration([8, 16], [3, 3], [1, 1], [32], Paddings: [1, 1]);
        History Run(long seed) => new Trainer(NetworkType.Cnn, config, (1, 8, 8), learningRate: 3e-3, batchSize: 64, seed: seed).Train(train, validation, epochs: 2);
        var a = Run(1);
        var b = Run(1);
        Assert.Equal(a.Epochs.Select(e => e.Train.Loss), b.Epochs.Select(e => e.Train.Loss));
        Assert.Equal(a.Epochs.Select(e => e.Validation!.Value.MeanAbsoluteError), b.Epochs.Select(e => e.Validation!.Value.MeanAbsoluteError));
        var c = Run(2);
        Assert.NotEqual(a.Epochs[0].Train.Loss, c.Epochs[0].Train.Loss);
    }

    [Fact]
    public void Trains_a_regressor_of_the_label_with_mse_mae_and_rounded_accuracy()
    {
        var (train, validation) = TrainingData.Digits64;
        var trainer = new Trainer(NetworkType.Mlp, NetworkConfiguration.Mlp(64), (1, 8, 8), learningRate: 1e-2, batchSize: 32, seed: 3);
        var history = trainer.Train(train, validation, epochs: 4);
        Assert.Equal(TaskKind.Regression, history.Task);
        var first = history.Epochs[0].Validation!.Value;
        var last = history.Last.Validation!.Value;
        Assert.NotNull(last.Accuracy);
        Assert.True(last.MeanAbsoluteError < first.MeanAbsoluteError / 2, $"MAE {first.MeanAbsoluteError} -> {last.MeanAbsoluteError}");
        Assert.True(last.MeanAbsoluteError < 1.5, $"MAE {last.MeanAbsoluteError}");
        Assert.True(last.Accuracy > 0.2, $"rounded accuracy {last.Accuracy}");
        Assert.Equal(history.Epochs.Min(e => e.Validation!.Value.MeanAbsoluteError), history.Best!.Score);   // best by MAE

        history.Best!.Restore();
        var again = trainer.Evaluate(validation);
        Assert.Equal(history.Best.Score, again.MeanAbsoluteError!.Value, 10);
    }

    [Fact]
    public void Labels_become_float_columns()
    {
        var data = new Dataset(zeros(3, 2), tensor(new long[] { 0, 4, 9 }));
        var r = Trainer.AsRegression(data);
        Assert.Equal([3L, 1], r.Targets.shape);
        Assert.Equal([0f, 4, 9], r.Targets.data<float>().ToArray());
    }
}

using Edu.Sdk.Nn;
using static Edu.Sdk.torch;
using static Edu.Sdk.torch.nn;

namespace Edu.Sdk.Tests.Nn;

/// <summary>Code written as in TorchSharp samples (using static torch.nn) compiles and runs.</summary>
public class TorchSharpSpellingTests
{
    sealed class Net : Module<Tensor, Tensor>
    {
        readonly Module<Tensor, Tensor> fc1 = Linear(4, 8);
        readonly Module<Tensor, Tensor> fc2 = Linear(8, 3);

        public Net() : base(nameof(Net)) => RegisterComponents();

        public override Tensor forward(Tensor input) => fc2.call(functional.relu(fc1.call(input)));
    }

    [Fact]
    public void A_TorchSharp_style_model_trains_one_step()
    {
        var net = new Net();
        var loss = CrossEntropyLoss(Reduction.Mean).call(net.call(randn(5, 4)), tensor(new long[] { 0, 1, 2, 0, 1 }));
        loss.backward();
        Assert.All(net.parameters(), p => Assert.NotNull(p.grad));
        Assert.Equal("Net", net.GetName());
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], net.named_parameters().Select(p => p.name).ToArray());
    }

    [Fact]
    public void Factories_return_the_layer_types()
    {
        Sequential seq = Sequential(Conv2d(1, 4, 3, padding: 1), ReLU(), MaxPool2d(2), AdaptiveMaxPool2d((2, 2)), Flatten(), Linear(16, 10), LogSoftmax(1));
        var y = seq.forward(randn(2, 1, 8, 8));
        Assert.Equal([2L, 10L], y.shape);
        Assert.True(y.exp().sum(1).allclose(ones(2), 1e-5, 1e-5));
    }
}

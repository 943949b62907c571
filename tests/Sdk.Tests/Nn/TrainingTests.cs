using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Nn;

/// <summary>Small modules trained with plain SGD written here reach a separable problem's perfect accuracy.</summary>
public class TrainingTests
{
    /// <summary>Two Gaussian blobs per class in 2-d, on either side of the line x₀ + x₁ = 0, at least 0.5 away from it.</summary>
    static (Tensor X, Tensor Y) Blobs(int n, Generator g)
    {
        var x = new float[n * 2];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            float a, b;
            do { a = (float)(g.NextDouble() * 4 - 2); b = (float)(g.NextDouble() * 4 - 2); } while (Math.Abs(a + b) < 0.5);
            x[2 * i] = a; x[2 * i + 1] = b;
            y[i] = a + b > 0 ? 1 : 0;
        }
        return (tensor(x, [n, 2]), tensor(y));
    }

    static void Sgd(Module model, double lr)
    {
        using (no_grad())
            foreach (var p in model.parameters())
                p.add_(p.grad!, -lr);
    }

    static double Accuracy(Tensor logits, Tensor y) => logits.argmax(1).eq(y).to(float64).mean().item<double>();

    [Fact]
    public void An_mlp_trained_with_sgd_separates_the_classes()
    {
        var g = new Generator(7);
        var (x, y) = Blobs(200, g);
        var model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2));
        foreach (var p in model.parameters()) nn.init.uniform_(p, -0.5, 0.5, g);
        var loss = nn.CrossEntropyLoss();
        double first = double.NaN, last = double.NaN;
        for (int step = 0; step < 300; step++)
        {
            model.zero_grad();
            var l = loss.forward(model.forward(x), y);
            l.backward();
            Sgd(model, 0.5);
            if (step == 0) first = l.item<float>();
            last = l.item<float>();
        }
        Assert.True(last < first / 4, $"loss went from {first} to {last}");
        using (no_grad()) Assert.Equal(1.0, Accuracy(model.forward(x), y));
    }

    sealed class LogisticRegression : Module<Tensor, Tensor>
    {
        readonly Linear linear = new(2, 1);
        public override Tensor forward(Tensor x) => linear.forward(x).sigmoid().squeeze(1);
    }

    [Fact]
    public void A_custom_module_with_bce_separates_the_classes()
    {
        var g = new Generator(8);
        var (x, y) = Blobs(100, g);
        var target = y.to(float32);
        var model = new LogisticRegression();
        var loss = nn.BCELoss();
        for (int step = 0; step < 200; step++)
        {
            model.zero_grad();
            loss.forward(model.forward(x), target).backward();
            Sgd(model, 1.0);
        }
        using (no_grad()) Assert.Equal(1.0, model.forward(x).gt(0.5).to(int64).eq(y).to(float64).mean().item<double>());
    }
}

using Edu.Sdk.Nn;
using Edu.Sdk.Optim;

namespace Edu.Sdk.Tests.Optim;

public class TrainingTests
{
    /// <summary>
    /// 40 points in 2-d, class 1 around (2, 2) and class 0 around (−2, −2), as a 3×40 matrix whose last row is 1
    /// (the bias trick), and the labels.
    /// </summary>
    static (torch.Tensor x, torch.Tensor y, float[] labels) Data()
    {
        var g = new torch.Generator(7);
        var noise = torch.randn([2, 40], generator: g).data<float>();
        var x = new float[3 * 40];
        var labels = new float[40];
        for (int j = 0; j < 40; j++)
        {
            labels[j] = j % 2;
            float c = labels[j] == 1 ? 2 : -2;
            x[j] = c + 0.7f * noise[j];
            x[40 + j] = c + 0.7f * noise[40 + j];
            x[80 + j] = 1;
        }
        return (torch.tensor(x, [3, 40]), torch.tensor(labels, [1, 40]), labels);
    }

    static double Train(Func<Parameter, Optimizer> make)
    {
        var (x, y, labels) = Data();
        var w = torch.nn.Parameter(torch.zeros(1, 3));
        var opt = make(w);
        for (int step = 0; step < 100; step++)
        {
            opt.zero_grad();
            // Logistic loss with targets t = 2y − 1 in {−1, 1}: mean log(1 + exp(−t·z)), which (unlike log σ(z)
            // in float32) stays finite once the classes are separated.
            var loss = (1 + (-(2 * y - 1) * w.matmul(x)).exp()).log().mean();
            loss.backward();
            opt.step();
        }
        float[] z;
        using (torch.no_grad()) z = w.matmul(x).data<float>().ToArray();
        return z.Select((v, j) => (v > 0 ? 1f : 0f) == labels[j] ? 1.0 : 0.0).Average();
    }

    [Fact]
    public void Adam_separates_a_separable_problem() => Assert.Equal(1.0, Train(w => torch.optim.Adam([w], lr: 0.05)));

    [Fact]
    public void SGD_with_momentum_separates_a_separable_problem() =>
        Assert.Equal(1.0, Train(w => torch.optim.SGD([w], 0.1, momentum: 0.9)));
}

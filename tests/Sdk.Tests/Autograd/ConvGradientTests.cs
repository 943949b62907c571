using Edu.Sdk.Checking;
using FsCheck;
using FsCheck.Fluent;
using Edu.Sdk.Tests.Tensors;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Autograd;

/// <summary>conv2d and the pooling ops against central differences in float64.</summary>
public class ConvGradientTests
{
    static readonly GradCheckOptions Throwing = GradCheckOptions.Default with { Throw = true };

    [Fact]
    public void Conv2d_gradients_for_random_geometries()
    {
        var gen = from n in Gen.Choose(1, 2)
                  from c in Gen.Choose(1, 2)
                  from o in Gen.Choose(1, 3)
                  from k in Gen.Choose(1, 3)
                  from s in Gen.Choose(1, 2)
                  from p in Gen.Choose(0, 1)
                  from h in Gen.Choose(k, 5)
                  from seed in Gen.Choose(0, 1000)
                  from bias in ArbMap.Default.GeneratorFor<bool>()
                  select (n, c, o, k, s, p, h, seed, bias);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var g = new Generator(t.seed);
            var x = randn([t.n, t.c, t.h, t.h + 1], float64, g).requires_grad_();
            var w = randn([t.o, t.c, t.k, t.k], float64, g).requires_grad_();
            var b = randn([t.o], float64, g).requires_grad_();
            if (t.bias) GradCheck.Function(v => nn.functional.conv2d(v[0], v[1], v[2], t.s, t.p), [x, w, b], Throwing);
            else GradCheck.Function(v => nn.functional.conv2d(v[0], v[1], null, t.s, t.p), [x, w], Throwing);
        }).Check(ShapeGen.Quick.WithMaxTest(25));
    }

    [Fact]
    public void Conv2d_on_a_single_three_dimensional_image()
    {
        var g = new Generator(2);
        var x = randn([2, 4, 4], float64, g).requires_grad_();
        var w = randn([3, 2, 3, 3], float64, g).requires_grad_();
        GradCheck.Function(v => nn.functional.conv2d(v[0], v[1], padding: 1).tanh(), [x, w], Throwing);
    }

    [Fact]
    public void Max_pool2d_and_adaptive_max_pool2d_route_the_gradient_to_the_winners()
    {
        var g = new Generator(3);
        var x = randn([2, 2, 7, 6], float64, g).requires_grad_();
        GradCheck.Function(v => nn.functional.max_pool2d(v[0], 2).pow(2), [x], Throwing);
        GradCheck.Function(v => nn.functional.max_pool2d(v[0], 3, stride: 1, padding: 1).exp(), [x], Throwing);
        GradCheck.Function(v => nn.functional.adaptive_max_pool2d(v[0], (4, 4)).pow(2), [x], Throwing);
    }

    [Fact]
    public void Max_pool_gradient_goes_exactly_to_the_max_of_each_window()
    {
        var x = tensor(new double[,] { { 1, 5, 2, 0 }, { 3, 4, 9, 8 } }).reshape(1, 1, 2, 4).requires_grad_();
        nn.functional.max_pool2d(x, 2).sum().backward();
        Assert.Equal(new double[] { 0, 1, 0, 0, 0, 0, 1, 0 }, x.grad!.data<double>().ToArray());
    }

    [Fact]
    public void A_small_cnn_as_in_assignment_a5_passes_grad_check()
    {
        var g = new Generator(4);
        var x = randn([2, 1, 8, 8], float64, g);
        var w1 = randn([3, 1, 3, 3], float64, g).mul(0.5).requires_grad_();
        var w2 = randn([4, 3, 3, 3], float64, g).mul(0.5).requires_grad_();
        var fc = randn([64, 1], float64, g).mul(0.2).requires_grad_();
        GradCheck.Function(v =>
        {
            var h = nn.functional.max_pool2d(nn.functional.conv2d(x, v[0], padding: 1).tanh(), 2);
            h = nn.functional.adaptive_max_pool2d(nn.functional.conv2d(h, v[1], padding: 1).tanh(), (4, 4));
            return h.flatten(1).matmul(v[2]);
        }, [w1, w2, fc], Throwing);
    }
}

using System.Collections.Concurrent;
using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// SGD stepped in the backward against backward-then-step on every supported construct (<see cref="Cases"/>) and on
/// layers made to catch a parameter read after its step: views, reshapes and aliases of a parameter, a product of two
/// parameters, a parameter times itself, several inputs, a loss with a penalty, parameters named like generated
/// locals, broadcast biases. Parameters and returned input gradients must agree, with input gradients asked or not.
/// (Written by a reviewer of the feature; every layer passed.)
/// </summary>
public class StepInBackwardCasesTests
{
    const string Layers = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;
        namespace Course;

        [Layer]
        public partial class ViewProduct
        {
            Parameter u, v;
            public ViewProduct() { u = nn.Parameter(randn(3, 6, float64) * 0.5); v = nn.Parameter(randn(3, 4, float64) * 0.5); }
            public static Tensor[] Inputs(int n) => [randn(n, 6, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var ut = u.T;
                return x.matmul(ut.matmul(v));
            }
        }

        [Layer]
        public partial class ReshapeProduct
        {
            Parameter u, v;
            public ReshapeProduct() { u = nn.Parameter(randn(18, float64) * 0.5); v = nn.Parameter(randn(3, 4, float64) * 0.5); }
            public static Tensor[] Inputs(int n) => [randn(n, 6, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var ur = u.reshape(6, 3);
                return x.matmul(ur.matmul(v));
            }
        }

        [Layer]
        public partial class AliasProduct
        {
            Parameter u, v;
            public AliasProduct() { u = nn.Parameter(randn(6, 3, float64) * 0.5); v = nn.Parameter(randn(3, 4, float64) * 0.5); }
            public static Tensor[] Inputs(int n) => [randn(n, 6, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var a = u;
                return x.matmul(a.matmul(v));
            }
        }

        [Layer]
        public partial class ViewOrder
        {
            Parameter u, v;
            public ViewOrder() { u = nn.Parameter(randn(6, 6, float64) * 0.5); v = nn.Parameter(randn(6, 4, float64) * 0.5); }
            public static Tensor[] Inputs(int n) => [randn(n, 6, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var ut = u.T;
                var m = ut.matmul(v);
                var h = x.matmul(u);
                return h.matmul(m);
            }
        }

        [Layer]
        public partial class MultiIn
        {
            Parameter w, v;
            public MultiIn() { w = nn.Parameter(randn(6, 4, float64) * 0.5); v = nn.Parameter(randn(4, float64) * 0.5); }
            public static Tensor[] Inputs(int n) => [randn(n, 6, float64), randn(n, 4, float64), randn(n, 4, float64), randn(n, 4, float64)];
            [Differentiable]
            public Tensor Model(Tensor x, Tensor z, Tensor u, Tensor q) => tanh(x.matmul(w) + u * v) + u + q.sum() * 0.0;
        }

        [Layer]
        public partial class SelfProduct
        {
            Parameter w, b;
            public SelfProduct() { w = nn.Parameter(randn(4, 4, float64) * 0.5); b = nn.Parameter(randn(4, float64) * 0.5); }
            public static Tensor[] Inputs(int n) => [randn(n, 4, float64)];
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w.matmul(w)) + b + (w * w).sum() * 0.01 + x.matmul(w).pow(2.0);
        }

        [Layer]
        public partial class RegLoss
        {
            Parameter w;
            public RegLoss() { w = nn.Parameter(randn(6, 1, float64) * 0.5); }
            public static Tensor[] Inputs(int n) => [randn(n, 6, float64), randn(n, 1, float64)];
            [Differentiable]
            public Tensor Loss(Tensor x, [NonDifferentiable] Tensor t) => (x.matmul(w) - t).pow(2.0).mean() + (w * w).sum() * 0.1;
        }

        [Layer]
        public partial class ClashParam
        {
            Parameter dL_dy, _x;
            public ClashParam() { dL_dy = nn.Parameter(randn(6, 3, float64) * 0.5); _x = nn.Parameter(randn(3, 4, float64) * 0.5); }
            public static Tensor[] Inputs(int n) => [randn(n, 6, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = x.matmul(dL_dy);
                return h.matmul(_x);
            }
        }

        [Layer]
        public partial class ColumnBias
        {
            Parameter c, d;
            public ColumnBias() { c = nn.Parameter(randn(3, 1, float64)); d = nn.Parameter(randn(1, 4, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 3, 4, float64)];
            [Differentiable]
            public Tensor Model(Tensor x) => tanh(x + c) + d;
        }
        """;

    static readonly ConcurrentDictionary<string, Assembly> s_compiled = new();
    static readonly Lazy<Assembly> s_layers = new(() => Harness.Load(Layers));

    public static TheoryData<string, bool> CaseNames()
    {
        var d = new TheoryData<string, bool>();
        foreach (var c in Cases.All) { d.Add(c.Name, true); d.Add(c.Name, false); }
        return d;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Every_construct_steps_as_backward_then_step(string name, bool inputGradients) =>
        Compare(s_compiled.GetOrAdd(name, n => Harness.Load(Cases.All.Single(c => c.Name == n).Source)), name, inputGradients);

    [Theory]
    [InlineData("ViewProduct", false)]
    [InlineData("ViewOrder", false)]
    [InlineData("ViewOrder", true)]
    [InlineData("ReshapeProduct", false)]
    [InlineData("AliasProduct", false)]
    [InlineData("MultiIn", false)]
    [InlineData("MultiIn", true)]
    [InlineData("SelfProduct", true)]
    [InlineData("RegLoss", true)]
    [InlineData("ClashParam", true)]
    [InlineData("ClashParam", false)]
    [InlineData("ColumnBias", false)]
    public void A_parameter_read_after_its_gradient_is_not_stepped_early(string name, bool inputGradients) =>
        Compare(s_layers.Value, name, inputGradients);

    static void Compare(Assembly assembly, string name, bool inputGradients)
    {
        manual_seed(5);
        var usual = LayerRunner.Create(assembly, name, out var type);
        manual_seed(5);
        var stepped = LayerRunner.Create(assembly, name, out _);
        if (usual.parameters().Count == 0) return;   // a loss without parameters: nothing to step
        var (pa, ga) = Run(usual, type, stepInBackward: false, inputGradients);
        var (pb, gb) = Run(stepped, type, stepInBackward: true, inputGradients);
        for (int i = 0; i < pa.Length; i++)
            LayerRunner.AssertClose(pa[i], pb[i], $"{name}: parameter {usual.named_parameters()[i].name}", 1e-9);
        for (int s = 0; s < ga.Count; s++)
            for (int i = 0; i < ga[s].Length; i++)
            {
                Assert.Equal(ga[s][i] is null, gb[s][i] is null);
                if (ga[s][i] is { } e) LayerRunner.AssertClose(e, gb[s][i]!, $"{name}: step {s}, gradient of input {i}", 1e-9);
            }
    }

    /// <summary>Four SGD steps with a random upstream gradient; the parameters after them and each step's input gradients.</summary>
    static (Tensor[] Parameters, List<Tensor?[]> InputGradients) Run(IGeneratedLayer layer, Type type, bool stepInBackward, bool inputGradients)
    {
        var opt = optim.SGD(layer.parameters(), lr: 0.05, step_in_backward: stepInBackward);
        var got = new List<Tensor?[]>();
        manual_seed(123);
        for (int s = 0; s < 4; s++)
        {
            var inputs = (Tensor[])type.GetMethod("Inputs")!.Invoke(null, [3])!;
            opt.zero_grad();
            var y = layer.Forward(inputs);
            var g = layer.Backward(randn(y.shape, y.dtype), inputGradients);
            got.Add(g.Select(t => t?.clone()).ToArray());
            opt.step();
        }
        return (layer.parameters().Select(p => p.detach().clone()).ToArray(), got);
    }
}

using System.Reflection;
using Edu.Sdk.Checkpoints;
using Edu.Sdk.Layers;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// <c>nn.Layer(generated)</c>: a generated layer inside <c>nn.Sequential</c> trains like the same model on the tape,
/// and its parameters, names, modes and checkpoints behave as a module's.
/// </summary>
public class LayerModuleTests
{
    const string Source = """
        using System;
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Containers;

        [Layer]
        public partial class Mlp
        {
            Parameter w1, b1, w2, b2;
            public Mlp(int inputs, int hidden, int classes)
            {
                w1 = nn.Parameter(randn(inputs, hidden, float64) * Math.Sqrt(2.0 / inputs)); b1 = nn.Parameter(randn(hidden, float64) * 0.1);
                w2 = nn.Parameter(randn(hidden, classes, float64) * Math.Sqrt(1.0 / hidden)); b2 = nn.Parameter(randn(classes, float64) * 0.1);
            }
            [Differentiable]
            public Tensor Model(Tensor x) => relu(x.matmul(w1) + b1).matmul(w2) + b2;
        }

        [Layer]
        public partial class Dense
        {
            Parameter w, b;
            public Dense(int inputs, int outputs) { w = nn.Parameter(randn(inputs, outputs, float64) * 0.3); b = nn.Parameter(randn(outputs, float64) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => relu(x.matmul(w) + b);
        }

        [Layer]
        public partial class Stack
        {
            Parameter w, b;
            Dense[] hidden;
            public Stack(int width, int depth, int classes)
            {
                hidden = new Dense[depth];
                for (int i = 0; i < depth; i++) hidden[i] = new Dense(width, width);
                w = nn.Parameter(randn(width, classes, float64) * 0.3); b = nn.Parameter(randn(classes, float64) * 0.1);
            }
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = x;
                foreach (var d in hidden) h = d.Model(h);
                return h.matmul(w) + b;
            }
        }

        [Layer]
        public partial class Gate
        {
            Parameter w;
            public Gate() { w = nn.Parameter(randn(3, 3, float64)); }
            [Differentiable]
            public Tensor Model(Tensor x, Tensor g) => sigmoid(x.matmul(w)) * g;
        }
        """;

    static readonly Lazy<Assembly> s_assembly = new(() => Harness.Load(Source));

    static IGeneratedLayer New(string name, params object[] args) =>
        (IGeneratedLayer)Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == name), args)!;

    /// <summary>The generated Mlp written for the tape: same names, same formula, parameters copied from a generated one.</summary>
    sealed class TapeMlp : Module<Tensor, Tensor>
    {
        public Parameter w1, b1, w2, b2;

        public TapeMlp(IGeneratedLayer like)
        {
            var p = like.named_parameters().ToDictionary(n => n.name, n => n.parameter);
            w1 = new Parameter(p["w1"].clone()); b1 = new Parameter(p["b1"].clone());
            w2 = new Parameter(p["w2"].clone()); b2 = new Parameter(p["b2"].clone());
        }

        public override Tensor forward(Tensor input) => relu(input.matmul(w1) + b1).matmul(w2) + b2;
    }

    static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<double>();

    static Tensor Images(int n, long seed) => randn([n, 1, 4, 4], float64, new Generator(seed));

    static Tensor Classes(int n) => tensor(Enumerable.Range(0, n).Select(i => (long)(i % 3)).ToArray());

    [Fact]
    public void Sequential_with_a_generated_layer_trains_like_the_tape_with_Adam()
    {
        manual_seed(5);
        var mlp = New("Mlp", 12, 10, 3);
        // nn.Linear before the layer: its gradient needs the generated backward's dL/dx.
        var generated = nn.Sequential(nn.Flatten(), nn.Linear(16, 12, dtype: float64), nn.Layer(mlp));
        var tape = nn.Sequential(nn.Flatten(), nn.Linear(16, 12, dtype: float64), new TapeMlp(mlp));
        tape[1].load_state_dict(generated[1].state_dict());
        var loss = nn.CrossEntropyLoss();
        var optG = optim.Adam(generated.parameters(), lr: 0.01);
        var optT = optim.Adam(tape.parameters(), lr: 0.01);
        var target = Classes(8);
        for (int step = 0; step < 5; step++)
        {
            var x = Images(8, step);
            optG.zero_grad(); optT.zero_grad();
            loss.forward(generated.forward(x), target).backward();
            loss.forward(tape.forward(x), target).backward();
            foreach (var ((name, g), (_, t)) in generated.named_parameters().Zip(tape.named_parameters()))
                Assert.True(MaxDifference(g.grad!, t.grad!) < 1e-10, $"step {step}: grad of {name} differs by {MaxDifference(g.grad!, t.grad!)}");
            optG.step(); optT.step();
        }
        Assert.Equal(tape.named_parameters().Select(p => p.name), generated.named_parameters().Select(p => p.name));
        foreach (var ((name, g), (_, t)) in generated.named_parameters().Zip(tape.named_parameters()))
            Assert.True(MaxDifference(g, t) < 1e-5, $"{name} differs by {MaxDifference(g, t)}");
    }

    [Fact]
    public void The_modules_parameters_are_the_layers_own_objects()
    {
        var mlp = New("Mlp", 4, 3, 2);
        var module = nn.Layer(mlp);
        Assert.Equal(mlp.parameters(), module.parameters());
        Assert.Same(mlp, module.Layer);
    }

    [Fact]
    public void State_dict_names_include_sub_layer_indices_and_round_trip()
    {
        manual_seed(1);
        var a = nn.Sequential(nn.Flatten(), nn.Layer(New("Stack", 16, 2, 3)));
        manual_seed(2);
        var b = nn.Sequential(nn.Flatten(), nn.Layer(New("Stack", 16, 2, 3)));
        var state = a.state_dict();
        Assert.Equal(["1.w", "1.b", "1.hidden.0.w", "1.hidden.0.b", "1.hidden.1.w", "1.hidden.1.b"], state.Keys);
        b.load_state_dict(state);
        foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
            Assert.True(MaxDifference(pa, pb) == 0, $"{name} was not loaded");
        var x = Images(5, 9);
        Assert.True(MaxDifference(a.forward(x), b.forward(x)) == 0);
    }

    [Fact]
    public void Checkpoint_restores_a_generated_layer_inside_a_sequential_and_its_optimizer()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edu-layer-module-{Guid.NewGuid():N}.safetensors");
        try
        {
            manual_seed(3);
            var a = nn.Sequential(nn.Flatten(), nn.Layer(New("Stack", 16, 2, 3)));
            var optA = optim.Adam(a.parameters(), lr: 0.01);
            var x = Images(6, 4);
            var target = Classes(6);
            nn.CrossEntropyLoss().forward(a.forward(x), target).backward();
            optA.step();
            Checkpoint.Save(path, a, optA);

            manual_seed(4);
            var b = nn.Sequential(nn.Flatten(), nn.Layer(New("Stack", 16, 2, 3)));
            var optB = optim.Adam(b.parameters(), lr: 0.01);
            Checkpoint.Load(path, b, optB);
            foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
                Assert.True(MaxDifference(pa, pb) == 0, $"{name} was not restored");

            // The restored Adam state gives the same next step.
            foreach (var (m, opt) in new[] { (a, optA), (b, optB) })
            {
                opt.zero_grad();
                nn.CrossEntropyLoss().forward(m.forward(x), target).backward();
                opt.step();
            }
            foreach (var ((name, pa), (_, pb)) in a.named_parameters().Zip(b.named_parameters()))
                Assert.True(MaxDifference(pa, pb) < 1e-12, $"{name} differs after the resumed step");
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Eval_and_train_on_the_container_switch_the_layer()
    {
        var mlp = New("Mlp", 16, 5, 3);
        var model = nn.Sequential(nn.Flatten(), nn.Layer(mlp));
        var x = Images(4, 1);
        var trained = model.forward(x);
        model.eval();
        Assert.False(mlp.training);
        var evaluated = model.forward(x);
        Assert.Null(evaluated.grad_fn);
        Assert.True(MaxDifference(trained, evaluated) < 1e-12);
        model.train();
        Assert.True(mlp.training);
    }

    [Fact]
    public void Output_off_the_tape_is_not_the_layers_reused_buffer()
    {
        var model = nn.Layer(New("Mlp", 16, 5, 3));
        Tensor first, second;
        using (no_grad())
        {
            first = model.forward(Images(4, 1).flatten(1));
            var kept = first.clone();
            second = model.forward(Images(4, 2).flatten(1));
            Assert.True(MaxDifference(first, kept) == 0, "the second forward overwrote the first result");
        }
        Assert.False(ReferenceEquals(first, second));
    }

    [Fact]
    public void Zero_grad_on_the_container_zeroes_the_layers_gradients()
    {
        var mlp = New("Mlp", 16, 5, 3);
        var model = nn.Sequential(nn.Flatten(), nn.Layer(mlp));
        nn.CrossEntropyLoss().forward(model.forward(Images(4, 1)), Classes(4)).backward();
        Assert.All(mlp.parameters(), p => Assert.True(p.grad!.abs().sum().item<double>() > 0));
        model.zero_grad();
        Assert.All(mlp.parameters(), p => Assert.True(p.grad!.abs().sum().item<double>() == 0));
    }

    [Fact]
    public void Printing_a_sequential_shows_the_layer_with_its_parameter_shapes()
    {
        var model = nn.Sequential(nn.Flatten(), nn.Layer(New("Mlp", 16, 5, 3)));
        Assert.Equal("Sequential(\n  (0): Flatten(start_dim=1, end_dim=-1)\n  (1): Mlp(w1: 16x5, b1: 5, w2: 5x3, b2: 3)\n)", model.ToString());
    }

    [Fact]
    public void Converting_a_sequential_with_a_generated_layer_refuses_before_converting_anything()
    {
        var model = nn.Sequential(nn.Linear(16, 16, dtype: float64), nn.Layer(New("Mlp", 16, 5, 3)));
        var e = Assert.Throws<InvalidOperationException>(() => model.to(ScalarType.Float32));
        Assert.Contains("nn cannot replace", e.Message);
        Assert.Contains("nothing was converted", e.Message);
        Assert.All(model.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
    }

    [Fact]
    public void A_layer_with_two_differentiable_inputs_is_refused_with_their_names()
    {
        var e = Assert.Throws<ArgumentException>(() => nn.Layer(New("Gate")));
        Assert.Contains("Gate takes 2 input(s) (x, g)", e.Message, StringComparison.Ordinal);
        Assert.Contains("call(x, g)", e.Message, StringComparison.Ordinal);
    }
}

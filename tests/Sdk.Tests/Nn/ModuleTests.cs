using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Nn;

/// <summary>Parameter and submodule discovery, names, state dicts, dtype conversion, zero_grad.</summary>
public class ModuleTests
{
    sealed class Mlp : Module<Tensor, Tensor>
    {
        readonly Linear fc1 = new(3, 4);
        readonly Parameter scale = new(ones(1));
        readonly Linear fc2 = new(4, 2);
        public override Tensor forward(Tensor x) => fc2.forward(fc1.forward(x).relu()) * scale;
    }

    static string[] Names(Module m) => m.named_parameters().Select(p => p.name).ToArray();

    [Fact]
    public void Own_parameters_come_first_then_children_in_declaration_order()
    {
        Assert.Equal(["scale", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], Names(new Mlp()));
        Assert.Equal(5, new Mlp().parameters().Count());
    }

    [Fact]
    public void Linear_names_its_weight_and_bias_like_PyTorch()
    {
        Assert.Equal(["weight", "bias"], Names(nn.Linear(2, 3)));
        Assert.Equal(["weight"], Names(nn.Linear(2, 3, hasBias: false)));
    }

    [Fact]
    public void Nested_Sequential_names_by_position()
    {
        var model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Linear(3, 3), nn.Tanh()), nn.Linear(3, 1));
        Assert.Equal(["0.weight", "0.bias", "2.0.weight", "2.0.bias", "3.weight", "3.bias"], Names(model));
        Assert.Equal(["", "0", "1", "2", "2.0", "2.1", "3"], model.named_modules().Select(m => m.name).ToArray());
        Assert.Equal(4, model.children().Count());
    }

    [Fact]
    public void Named_Sequential_uses_the_given_names()
    {
        var model = nn.Sequential(("fc1", nn.Linear(2, 3)), ("act", nn.ReLU()), ("fc2", nn.Linear(3, 1)));
        Assert.Equal(["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"], Names(model));
        var e = Assert.Throws<ArgumentException>(() => nn.Sequential(("a", nn.ReLU()), ("a", nn.Tanh())));
        Assert.Contains("two modules are named 'a'", e.Message);
    }

    sealed class WithLists : Module<Tensor, Tensor>
    {
        readonly List<Linear> layers = [new(2, 3), new(3, 3)];
        readonly Parameter[] extras = [new(zeros(2)), new(ones(2))];
        readonly ModuleList<Linear> blocks = nn.ModuleList(new Linear(3, 3));
        public override Tensor forward(Tensor x) => x;
    }

    [Fact]
    public void Arrays_and_lists_of_modules_and_parameters_are_discovered_with_indices()
    {
        Assert.Equal(["extras.0", "extras.1", "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "blocks.0.weight", "blocks.0.bias"],
            Names(new WithLists()));
    }

    sealed class Shared : Module<Tensor, Tensor>
    {
        readonly Linear a = new(2, 2);
        readonly Linear b;
        public Shared() => b = a;
        public override Tensor forward(Tensor x) => b.forward(a.forward(x));
    }

    [Fact]
    public void A_shared_submodule_is_listed_once_by_parameters_but_under_both_names_in_the_state_dict()
    {
        var m = new Shared();
        Assert.Equal(["a.weight", "a.bias"], Names(m));
        Assert.Equal(["", "a"], m.named_modules().Select(x => x.name).ToArray());
        Assert.Equal(["a.weight", "a.bias", "b.weight", "b.bias"], m.state_dict().Keys.ToArray());
    }

    sealed class Child : Module<Tensor, Tensor>
    {
        public Module? parent;
        readonly Linear fc = new(1, 1);
        public override Tensor forward(Tensor x) => fc.forward(x);
    }

    sealed class Parent : Module<Tensor, Tensor>
    {
        readonly Child child = new();
        public Parent() => child.parent = this;
        public override Tensor forward(Tensor x) => child.forward(x);
    }

    [Fact]
    public void A_back_reference_to_the_parent_does_not_loop()
    {
        var p = new Parent();
        Assert.Equal(["child.fc.weight", "child.fc.bias"], Names(p));
        Assert.Equal(["child.fc.weight", "child.fc.bias"], p.state_dict().Keys.ToArray());
    }

    sealed class Registered : Module<Tensor, Tensor>
    {
        readonly Dictionary<string, Linear> _byName = new() { ["enc"] = new Linear(2, 2) };
        readonly Linear head = new(2, 1);
        public Registered()
        {
            register_module("enc", _byName["enc"]);
            register_module("head", head); // also a field: listed once, under the registered name
            register_parameter("temperature", new Parameter(ones(1)));
            RegisterComponents();
        }
        public override Tensor forward(Tensor x) => head.forward(_byName["enc"].forward(x));
    }

    [Fact]
    public void Explicit_registration_adds_components_and_does_not_duplicate_fields()
    {
        Assert.Equal(["temperature", "enc.weight", "enc.bias", "head.weight", "head.bias"], Names(new Registered()));
        var e = Assert.Throws<ArgumentException>(() => new Mlp().register_module("a.b", nn.ReLU()));
        Assert.Contains("no dot", e.Message);
    }

    [Fact]
    public void State_dict_round_trip_restores_the_values()
    {
        var a = new Mlp();
        var b = new Mlp();
        var saved = a.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var x = randn(5, 3);
        Assert.False(a.forward(x).allclose(b.forward(x)));
        var (missing, unexpected) = b.load_state_dict(saved);
        Assert.Empty(missing);
        Assert.Empty(unexpected);
        Assert.True(a.forward(x).allclose(b.forward(x)));
    }

    [Fact]
    public void State_dict_shares_storage_with_the_parameters()
    {
        var lin = nn.Linear(2, 2);
        var sd = lin.state_dict();
        using (no_grad()) lin.weight.fill_(3);
        Assert.Equal(3f, sd["weight"].data<float>()[0]);
        Assert.False(sd["weight"].requires_grad);
    }

    [Fact]
    public void Load_state_dict_names_missing_and_unexpected_keys()
    {
        var model = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1));
        var sd = model.state_dict();
        sd.Remove("1.bias");
        sd["2.weight"] = zeros(1, 1);
        var e = Assert.Throws<ArgumentException>(() => model.load_state_dict(sd));
        Assert.Contains("missing keys: 1.bias", e.Message);
        Assert.Contains("unexpected keys: 2.weight", e.Message);
        Assert.Contains("strict: false", e.Message);

        var (missing, unexpected) = model.load_state_dict(sd, strict: false);
        Assert.Equal(["1.bias"], missing);
        Assert.Equal(["2.weight"], unexpected);
    }

    [Fact]
    public void Load_state_dict_names_shape_mismatches_and_changes_nothing()
    {
        var model = nn.Sequential(nn.Linear(2, 3), nn.Linear(3, 1));
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());
        var sd = nn.Sequential(nn.Linear(2, 3), nn.Linear(4, 1)).state_dict();
        var e = Assert.Throws<ArgumentException>(() => model.load_state_dict(sd));
        Assert.Contains("1.weight has shape (1x4) in the state dict but (1x3) in the model", e.Message);
        foreach (var (k, v) in model.state_dict()) Assert.True(v.allclose(before[k]), k);
    }

    [Fact]
    public void Load_state_dict_converts_another_float_dtype_in_place()
    {
        var model = nn.Linear(2, 2);
        var w = model.weight;
        model.load_state_dict(new() { ["weight"] = ones(2, 2, float64), ["bias"] = zeros(2, float64) });
        Assert.Same(w, model.weight);
        Assert.Equal(ScalarType.Float32, model.weight.dtype);
        Assert.Equal([1f, 1f, 1f, 1f], model.weight.data<float>().ToArray());
    }

    [Fact]
    public void To_float64_converts_every_parameter_and_keeps_the_type()
    {
        var model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2));
        var before = model.parameters().Select(p => p.data<float>().ToArray()).ToArray();
        Sequential same = model.to(float64);
        Assert.Same(model, same);
        var after = model.parameters().ToArray();
        Assert.All(after, p => Assert.Equal(ScalarType.Float64, p.dtype));
        Assert.All(after, p => Assert.True(p.requires_grad));
        for (int i = 0; i < after.Length; i++)
            Assert.Equal(before[i].Select(v => (double)v), after[i].data<double>().ToArray());
        Assert.Equal(ScalarType.Float64, model.forward(randn(2, 3, float64)).dtype);
    }

    [Fact]
    public void To_keeps_a_shared_parameter_shared()
    {
        var m = new Shared().to(float64);
        var sd = m.state_dict();
        Assert.Equal(ScalarType.Float64, sd["b.weight"].dtype);
        using (no_grad()) m.parameters().First().fill_(7);
        Assert.Equal(7.0, m.state_dict()["b.weight"].data<double>()[0]);
    }

    [Fact]
    public void Zero_grad_zeroes_in_place_and_the_next_backward_reuses_the_buffer()
    {
        var model = nn.Linear(3, 2);
        var x = randn(4, 3);
        model.forward(x).sum().backward();
        var g = model.weight.grad!;
        var first = g.data<float>().ToArray();
        model.zero_grad();
        Assert.Same(g, model.weight.grad);
        Assert.All(g.data<float>().ToArray(), v => Assert.Equal(0f, v));
        model.forward(x).sum().backward();
        Assert.Same(g, model.weight.grad);
        Assert.Equal(first, g.data<float>().ToArray());
        model.zero_grad(set_to_none: true);
        Assert.Null(model.weight.grad);
    }

    [Fact]
    public void Train_and_eval_set_every_submodule()
    {
        var model = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU()));
        Assert.True(model.training);
        model.eval();
        Assert.All(model.modules(), m => Assert.False(m.training));
        model.train();
        Assert.All(model.modules(), m => Assert.True(m.training));
    }

    [Fact]
    public void ToString_prints_the_tree_as_PyTorch()
    {
        var model = nn.Sequential(nn.Linear(784, 100), nn.ReLU(), nn.Linear(100, 10, hasBias: false));
        Assert.Equal(
            "Sequential(\n  (0): Linear(in_features=784, out_features=100, bias=True)\n  (1): ReLU()\n  (2): Linear(in_features=100, out_features=10, bias=False)\n)",
            model.ToString());
    }
}

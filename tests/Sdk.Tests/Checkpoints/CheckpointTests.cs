using Edu.Sdk.Checkpoints;
using Edu.Sdk.Tests.Data;

namespace Edu.Sdk.Tests.Checkpoints;

public class CheckpointTests
{
    sealed class Model
    {
        public readonly Edu.Sdk.Nn.Parameter W, B;

        public Model(float scale)
        {
            W = torch.nn.Parameter(torch.tensor(new[] { 1f, -2f, 3f, -4f, 5f, -6f }, [2, 3]) * scale);
            B = torch.nn.Parameter(torch.tensor(new[] { 0.5f, -0.5f }) * scale);
        }

        public IEnumerable<(string, torch.Tensor)> named_parameters() => [("fc.weight", W), ("fc.bias", B)];

        public Edu.Sdk.Nn.Parameter[] parameters() => [W, B];

        public void Gradients(int step)
        {
            W.grad = torch.full([2, 3], 0.1 * step);
            B.grad = torch.tensor(new[] { 1f, -1f });
        }
    }

    [Fact]
    public void Parameters_and_Adam_state_round_trip_and_training_resumes_identically()
    {
        using var dir = new TempDir();
        string path = dir.File("ckpt.safetensors");
        var a = new Model(1);
        var optA = torch.optim.Adam(a.parameters(), lr: 0.01, amsgrad: true);
        for (int t = 1; t <= 2; t++) { a.Gradients(t); optA.step(); }
        Checkpoint.Save(path, a.named_parameters(), optA);

        var b = new Model(0);
        var optB = torch.optim.Adam(b.parameters(), lr: 0.5);
        Checkpoint.Load(path, b.named_parameters(), optB);
        Assert.Equal(a.W.data<float>().ToArray(), b.W.data<float>().ToArray());
        Assert.Equal(0.01, optB.LearningRate);

        a.Gradients(3); b.Gradients(3);
        optA.step(); optB.step();
        Assert.Equal(a.W.data<float>().ToArray(), b.W.data<float>().ToArray());
        Assert.Equal(a.B.data<float>().ToArray(), b.B.data<float>().ToArray());
    }

    [Fact]
    public void The_file_is_plain_safetensors_with_hyperparameters_in_metadata()
    {
        using var dir = new TempDir();
        string path = dir.File("ckpt.safetensors");
        var m = new Model(1);
        var opt = torch.optim.SGD(m.parameters(), 0.1, momentum: 0.9);
        m.Gradients(1);
        opt.step();
        Checkpoint.Save(path, m.named_parameters(), opt);
        var (tensors, metadata) = Safetensors.Load(path);
        Assert.Equal(new[] { "fc.bias", "fc.weight", "optimizer.state.0.momentum_buffer", "optimizer.state.1.momentum_buffer" }, tensors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("SGD", metadata["optimizer"]);
        Assert.Equal("0.1", metadata["optimizer.lr"]);
        Assert.Equal("0.9", metadata["optimizer.momentum"]);
        Assert.Equal("false", metadata["optimizer.nesterov"]);
    }

    [Fact]
    public void A_wrong_shape_is_refused_before_anything_is_written()
    {
        using var dir = new TempDir();
        string path = dir.File("ckpt.safetensors");
        Checkpoint.Save(path, new Model(1).named_parameters());
        var w = torch.zeros(3, 2);
        var bias = torch.zeros(2);
        var ex = Assert.Throws<InvalidOperationException>(() => Checkpoint.Load(path, [("fc.bias", bias), ("fc.weight", w)]));
        Assert.Equal($"Checkpoint.Load: {path} does not fit: 'fc.weight' is Float32 (2x3) in the file but Float32 (3x2) in the model. Nothing was loaded.", ex.Message);
        Assert.Equal(new[] { 0f, 0f }, bias.data<float>().ToArray());   // matched, but not written
    }

    [Fact]
    public void Missing_and_unexpected_names_are_listed()
    {
        using var dir = new TempDir();
        string path = dir.File("ckpt.safetensors");
        Checkpoint.Save(path, new Model(1).named_parameters());
        var ex = Assert.Throws<InvalidOperationException>(() => Checkpoint.Load(path, [("fc.bias", torch.zeros(2)), ("fc2.bias", torch.zeros(2))]));
        Assert.Equal($"Checkpoint.Load: {path} does not fit: 'fc2.bias' is not in the file; the file holds 'fc.weight', which is not among the parameters. Nothing was loaded.", ex.Message);
    }

    [Fact]
    public void Another_optimizer_kind_is_refused_and_nothing_changes()
    {
        using var dir = new TempDir();
        string path = dir.File("ckpt.safetensors");
        var a = new Model(1);
        var adam = torch.optim.Adam(a.parameters());
        a.Gradients(1);
        adam.step();
        Checkpoint.Save(path, a.named_parameters(), adam);
        var b = new Model(0);
        var sgd = torch.optim.SGD(b.parameters(), 0.3);
        var ex = Assert.Throws<InvalidOperationException>(() => Checkpoint.Load(path, b.named_parameters(), sgd));
        Assert.Equal($"Checkpoint.Load: {path} does not fit: the file holds Adam optimizer state, not SGD state. Nothing was loaded.", ex.Message);
        Assert.All(b.W.data<float>().ToArray(), x => Assert.Equal(0f, x));
        Assert.Equal(0.3, sgd.LearningRate);
    }

    [Fact]
    public void Weights_load_without_the_optimizer_for_inference()
    {
        using var dir = new TempDir();
        string path = dir.File("ckpt.safetensors");
        var a = new Model(2);
        Checkpoint.Save(path, a.named_parameters(), torch.optim.Adam(a.parameters()));
        var b = new Model(0);
        Checkpoint.Load(path, b.named_parameters());
        Assert.Equal(a.B.data<float>().ToArray(), b.B.data<float>().ToArray());
    }

    [Fact]
    public void Parameter_names_may_not_collide_with_optimizer_entries()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<ArgumentException>(() => Checkpoint.Save(dir.File("x.safetensors"), [("optimizer.lr", torch.zeros(1))]));
        Assert.StartsWith("Checkpoint.Save: a parameter cannot be named 'optimizer.lr'", ex.Message);
    }
}

public class ModelCheckpointTests
{
    [Fact]
    public void A_module_and_its_adam_state_round_trip_bit_exactly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edu-ckpt-{Guid.NewGuid():N}.safetensors");
        try
        {
            torch.manual_seed(1);
            var model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2));
            var opt = torch.optim.Adam(model.parameters(), lr: 0.01);
            var x = torch.randn(5, 4, generator: new torch.Generator(2));
            var y = torch.tensor(new long[] { 0, 1, 1, 0, 1 });
            void Step() { opt.zero_grad(); torch.nn.functional.cross_entropy(model.forward(x), y).backward(); opt.step(); }
            Step();
            Edu.Sdk.Checkpoints.Checkpoint.Save(path, model, opt);

            torch.manual_seed(99);
            var copy = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2));
            var copyOpt = torch.optim.Adam(copy.parameters(), lr: 0.01);
            Edu.Sdk.Checkpoints.Checkpoint.Load(path, copy, copyOpt);
            Assert.Equal(model.named_parameters().Select(p => p.name), copy.named_parameters().Select(p => p.name));
            foreach (var (a, b) in model.parameters().Zip(copy.parameters()))
                Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());

            // The restored optimizer continues exactly as the original would.
            Step();
            opt.zero_grad(); copyOpt.zero_grad();
            torch.nn.functional.cross_entropy(copy.forward(x), y).backward(); copyOpt.step();
            foreach (var (a, b) in model.parameters().Zip(copy.parameters()))
                Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        }
        finally { File.Delete(path); }
    }
}

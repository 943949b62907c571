using Edu.Sdk.Checking;
using Edu.Sdk.Layers;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;
using static Edu.Sdk.Generators.Tests.CourseLayers;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// <c>optim.SGD(..., step_in_backward: true)</c>: a generated backward applies p ← p − lr·g where it computes a
/// parameter's last gradient (<c>GradOrStepOf</c>), and every other gradient still reaches <c>grad</c> for
/// <c>step()</c>. The weights must come out as those of the usual backward-then-step, on the course's models.
/// </summary>
public class StepInBackwardTests
{

    static IGeneratedLayer Model(string name, long seed)
    {
        manual_seed(seed);
        return name == "Mlp" ? New("Mlp", 6, 5, 4) : New(name, 6, 4);
    }

    /// <summary>Steps of SGD on fixed batches; the parameters afterwards.</summary>
    static Tensor[] Train(IGeneratedLayer model, bool stepInBackward, int batch, int steps, double lr = 0.1)
    {
        var loss = New("Loss");
        var opt = optim.SGD(model.parameters(), lr: lr, step_in_backward: stepInBackward);
        manual_seed(99);
        for (int s = 0; s < steps; s++)
        {
            var x = randn(batch, 6);
            var labels = randint(0, 4, [batch]);
            opt.zero_grad();
            Step(model, loss, x, labels);
            opt.step();
        }
        return model.parameters().Select(p => p.detach().clone()).ToArray();
    }

    [Theory]
    [InlineData("Linear", 1)]
    [InlineData("Linear", 20)]
    [InlineData("Mlp", 1)]
    [InlineData("Mlp", 8)]
    [InlineData("Tied", 4)]
    [InlineData("Factored", 4)]
    public void Stepping_in_the_backward_gives_the_weights_of_stepping_after_it(string name, int batch)
    {
        var usual = Train(Model(name, 3), stepInBackward: false, batch, steps: 12);
        var fused = Train(Model(name, 3), stepInBackward: true, batch, steps: 12);
        for (int i = 0; i < usual.Length; i++)
        {
            double scale = usual[i].abs().max().ToDouble();
            double diff = (usual[i] - fused[i]).abs().max().ToDouble();
            Assert.True(diff <= 1e-5 * scale, $"{name}, batch {batch}: parameter {i} differs by {diff} (scale {scale})");
        }
        // The updates did happen: the weights moved from their start.
        var start = Model(name, 3).parameters().Select(p => p.detach().clone()).ToArray();
        Assert.Contains(Enumerable.Range(0, start.Length), i => (start[i] - fused[i]).abs().max().ToDouble() > 1e-3);
    }

    [Fact]
    public void Only_a_parameter_nothing_reads_afterwards_is_stepped_in_the_backward()
    {
        var text = Harness.Run(Source).Generated;
        string Backward(string layer)
        {
            int start = text.IndexOf($"partial class {layer} :", StringComparison.Ordinal);
            start = text.IndexOf("Tensor? Backward(", start, StringComparison.Ordinal);
            return text[start..text.IndexOf("DescribeBackward", start, StringComparison.Ordinal)];
        }
        Assert.Contains("GradOrStepOf(w)", Backward("Tied"));
        var factored = Backward("Factored");
        Assert.DoesNotContain("GradOrStepOf", factored);
        Assert.Contains("GradOf(u)", factored);
        Assert.Contains("GradOf(v)", factored);
        var mlp = Backward("Mlp");
        Assert.Contains("biasGrad: GradOf(b1)", mlp);
        Assert.Contains("AddMatMul(GradOrStepOf(w1)", mlp);
    }

    [Fact]
    public void A_steady_step_with_SGD_in_the_backward_allocates_nothing()
    {
        var model = Model("Mlp", 9);
        var step = Loop("SteppingInBackward", model, randn(20, 6), randint(0, 4, [20]));
        for (int i = 0; i < 20; i++) step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"20 steady-state steps allocated {allocated} bytes");
    }

    [Fact]
    public void Stepped_parameters_keep_no_gradient_and_the_others_keep_theirs()
    {
        var model = Model("Mlp", 4);
        var loss = New("Loss");
        var opt = optim.SGD(model.parameters(), lr: 0.1, step_in_backward: true);
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        opt.zero_grad();
        Step(model, loss, randn(5, 6), randint(0, 4, [5]));
        var p = model.named_parameters().ToDictionary(q => q.name, q => q.parameter);
        foreach (var name in new[] { "w1", "w2", "b2" })
        {
            Assert.Null(p[name].grad);
            Assert.True((p[name] - before[name]).abs().max().ToDouble() > 0, $"{name} was not stepped in the backward");
        }
        // b1's gradient comes out of the fused ReLU backward: it waits in grad for step().
        Assert.NotNull(p["b1"].grad);
        Assert.Equal(0, (p["b1"] - before["b1"]).abs().max().ToDouble());
        opt.step();
        Assert.True((p["b1"] - before["b1"]).abs().max().ToDouble() > 0);
        Assert.True(opt.StepsInBackward);
    }

    [Fact]
    public void On_the_tape_the_gradients_wait_for_step()
    {
        // As one node of a recorded graph the layer may be read again by other nodes: its backward only fills grad.
        var model = Model("Linear", 5);
        var opt = optim.SGD(model.parameters(), lr: 0.1, step_in_backward: true);
        var before = model.parameters().Select(q => q.detach().clone()).ToArray();
        opt.zero_grad();
        var z = LayerFunction.Apply(model, randn(3, 6).requires_grad_());
        nn.functional.cross_entropy(z, tensor(new long[] { 0, 1, 2 })).backward();
        var after = model.parameters().ToArray();
        for (int i = 0; i < after.Length; i++)
        {
            Assert.NotNull(after[i].grad);
            Assert.Equal(0, (after[i] - before[i]).abs().max().ToDouble());
        }
        opt.step();
        Assert.True((after[0] - before[0]).abs().max().ToDouble() > 0);
    }

    [Fact]
    public void A_gradient_check_calling_the_backward_leaves_the_parameters_alone()
    {
        manual_seed(6);
        var model = New("Linear", 6, 4, float64);
        var loss = New("Loss");
        optim.SGD(model.parameters(), lr: 0.5, step_in_backward: true).zero_grad();
        var x = randn(4, 6, dtype: float64);
        var labels = tensor(new long[] { 0, 3, 1, 2 });
        var named = model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList();
        var before = named.Select(p => p.Item2.detach().clone()).ToArray();
        var report = GradCheck.Loss(
            () => loss.Forward([model.Forward([x]), labels]).clone(),
            named,
            analytic: () =>
            {
                foreach (var p in model.parameters()) p.grad = null;
                loss.Forward([model.Forward([x]), labels]);
                model.Backward(loss.Backward(ones(Array.Empty<long>(), dtype: float64), inputGradients: true)[0]!, inputGradients: false);
                return model.parameters().Select(p => p.grad!).ToArray();
            });
        Assert.True(report.Passed, report.ToString());
        for (int i = 0; i < before.Length; i++) Assert.Equal(0, (named[i].Item2 - before[i]).abs().max().ToDouble());
    }

    [Fact]
    public void A_new_learning_rate_applies_from_the_next_backward_and_a_frozen_parameter_stays()
    {
        var model = Model("Linear", 7);
        var loss = New("Loss");
        var opt = optim.SGD(model.parameters(), lr: 0.1, step_in_backward: true);
        var w = model.parameters()[0];
        var b = model.parameters()[1];
        b.requires_grad = false;
        var x = randn(2, 6);
        var labels = tensor(new long[] { 1, 2 });
        opt.LearningRate = 0;
        opt.zero_grad();
        var before = w.detach().clone();
        var bBefore = b.detach().clone();
        Step(model, loss, x, labels);
        Assert.Equal(0, (w - before).abs().max().ToDouble());
        opt.LearningRate = 0.1;
        Step(model, loss, x, labels);
        Assert.True((w - before).abs().max().ToDouble() > 0);
        Assert.Equal(0, (b - bBefore).abs().max().ToDouble());
        Assert.Null(b.grad);
    }

    static double MaxDiff(IGeneratedLayer a, IGeneratedLayer b) =>
        a.parameters().Zip(b.parameters()).Max(p => (p.First - p.Second).abs().max().ToDouble());

    [Fact]
    public void Only_the_optimizer_made_last_and_only_from_zero_grad_to_step()
    {
        // An SGD stepping in the backward, then dropped for Adam: Adam's training is untouched.
        var loss = New("Loss");
        var a = Model("Linear", 3);
        optim.SGD(a.parameters(), lr: 0.5, step_in_backward: true).zero_grad();
        var adamA = optim.Adam(a.parameters(), lr: 1e-3);
        var b = Model("Linear", 3);
        var adamB = optim.Adam(b.parameters(), lr: 1e-3);
        manual_seed(1);
        for (int s = 0; s < 5; s++)
        {
            var x = randn(8, 6);
            var labels = randint(0, 4, [8]);
            adamA.zero_grad(); Step(a, loss, x, labels); adamA.step();
            adamB.zero_grad(); Step(b, loss, x, labels); adamB.step();
        }
        Assert.True(MaxDiff(a, b) < 1e-6, $"Adam-trained weights differ by {MaxDiff(a, b)}");

        // After step() and before the next zero_grad(), a backward fills grad (a hand-written update may read it).
        var c = Model("Linear", 4);
        var opt = optim.SGD(c.parameters(), lr: 0.5, step_in_backward: true);
        opt.zero_grad(); Step(c, loss, randn(2, 6), tensor(new long[] { 0, 1 })); opt.step();
        var before = c.parameters().Select(p => p.detach().clone()).ToArray();
        Step(c, loss, randn(2, 6), tensor(new long[] { 0, 1 }));
        Assert.All(c.parameters(), p => Assert.NotNull(p.grad));
        Assert.Equal(0, c.parameters().Zip(before).Max(p => (p.First - p.Second).abs().max().ToDouble()));
    }

    [Fact]
    public void Clipping_a_gradient_already_applied_is_refused()
    {
        var loss = New("Loss");
        var model = Model("Linear", 5);
        var opt = optim.SGD(model.parameters(), lr: 0.5, step_in_backward: true);
        opt.zero_grad();
        Step(model, loss, randn(8, 6), randint(0, 4, [8]));
        var e = Assert.Throws<InvalidOperationException>(() => nn.utils.clip_grad_norm_(model.parameters(), 0.1));
        Assert.Equal("clip_grad_norm_: a parameter of shape (6x4) was already updated inside the backward by an SGD made with step_in_backward: true, " +
            "so its gradient is gone and cannot be clipped. Make the SGD without step_in_backward to clip gradients.", e.Message);
        Assert.Throws<InvalidOperationException>(() => nn.utils.clip_grad_value_(model.parameters(), 0.1));
        opt.step();
        nn.utils.clip_grad_norm_(model.parameters(), 0.1);   // after step() the parameters are no longer armed
        opt.zero_grad();
        Step(model, loss, randn(8, 6), randint(0, 4, [8]));
        _ = optim.SGD(model.parameters(), lr: 0.5);          // nor once another optimizer has taken them
        nn.utils.clip_grad_norm_(model.parameters(), 0.1);
    }

    [Fact]
    public void Accumulating_two_backwards_takes_two_steps()
    {
        // Documented: each backward steps, so the second forward sees the first update (as two SGD steps do).
        var loss = New("Loss");
        var a = Model("Linear", 6);
        var optA = optim.SGD(a.parameters(), lr: 0.5);
        var b = Model("Linear", 6);
        var optB = optim.SGD(b.parameters(), lr: 0.5, step_in_backward: true);
        manual_seed(1);
        for (int s = 0; s < 3; s++)
        {
            var (x1, l1, x2, l2) = (randn(4, 6), randint(0, 4, [4]), randn(4, 6), randint(0, 4, [4]));
            optA.zero_grad(); Step(a, loss, x1, l1); optA.step();
            optA.zero_grad(); Step(a, loss, x2, l2); optA.step();
            optB.zero_grad(); Step(b, loss, x1, l1); Step(b, loss, x2, l2); optB.step();
        }
        Assert.True(MaxDiff(a, b) < 1e-6, $"weights differ by {MaxDiff(a, b)}");
    }

    [Fact]
    public void A_tape_penalty_run_before_the_generated_backward_adds_up()
    {
        var loss = New("Loss");
        var a = Model("Linear", 7);
        var optA = optim.SGD(a.parameters(), lr: 0.5);
        var b = Model("Linear", 7);
        var optB = optim.SGD(b.parameters(), lr: 0.5, step_in_backward: true);
        manual_seed(1);
        for (int s = 0; s < 3; s++)
        {
            var x = randn(8, 6);
            var labels = randint(0, 4, [8]);
            foreach (var (m, opt) in new[] { (a, optA), (b, optB) })
            {
                opt.zero_grad();
                var w = m.parameters()[0];
                ((w * w).sum() * 0.05).backward();   // its gradient goes to grad, for step()
                Step(m, loss, x, labels);
                opt.step();
            }
        }
        Assert.True(MaxDiff(a, b) < 1e-6, $"weights differ by {MaxDiff(a, b)}");
    }

    [Fact]
    public void Trainer_Fit_trains_alike_with_or_without_step_in_backward()
    {
        // Fit reads the gradients (divergence, clipping): inside it the update waits for step().
        manual_seed(2);
        var data = new Data.Dataset(randn(64, 6) * 10, randint(0, 4, [64]));
        var options = new Training.FitOptions { Epochs = 2, BatchSize = 8, Shuffle = false, ClipGradNorm = 0.1, KeepBest = false };
        var a = Model("Linear", 8);
        var ha = Training.Trainer.Fit(a, New("Loss"), optim.SGD(a.parameters(), lr: 0.5), data, null, options);
        var b = Model("Linear", 8);
        var hb = Training.Trainer.Fit(b, New("Loss"), optim.SGD(b.parameters(), lr: 0.5, step_in_backward: true), data, null, options);
        Assert.False(hb.Diverged, hb.Divergence?.Message);
        Assert.True(MaxDiff(a, b) < 1e-6, $"Trainer.Fit weights differ by {MaxDiff(a, b)}");

        // A frozen parameter (no gradient) is not a diverged one.
        var c = Model("Linear", 8);
        c.parameters()[1].requires_grad = false;
        var hc = Training.Trainer.Fit(c, New("Loss"), optim.SGD(c.parameters(), lr: 0.1), data, null, new Training.FitOptions { Epochs = 1, BatchSize = 8 });
        Assert.False(hc.Diverged, hc.Divergence?.Message);
    }

    [Fact]
    public void A_gradient_divergence_names_the_parameter_whose_gradient_is_not_finite_not_a_frozen_one()
    {
        manual_seed(1);
        var model = New("Linear", 6, 4);
        model.parameters()[0].requires_grad = false;   // w frozen: no gradient, its norm reads NaN
        var data = new Data.Dataset(randn(16, 6), randn(16, 4));
        var h = Training.Trainer.Fit(model, (output, target) => (1.0, full_like(output, double.NaN)),
            optim.SGD(model.parameters(), lr: 0.1), data, null, new Training.FitOptions { Epochs = 1, BatchSize = 8, KeepBest = false });
        Assert.Equal(Training.DivergenceCause.Gradient, h.Divergence!.Cause);
        Assert.Equal("b", h.Divergence!.Parameter);
    }

    [Fact]
    public void Fit_clips_its_own_gradients_after_a_stepped_backward_before_it()
    {
        manual_seed(2);
        var model = New("Linear", 6, 4);
        var opt = optim.SGD(model.parameters(), lr: 0.1, step_in_backward: true);
        opt.zero_grad();
        Step(model, New("Loss"), randn(4, 6), randint(0, 4, [4]));   // a one-batch check, no step()
        var data = new Data.Dataset(randn(16, 6), randint(0, 4, [16]));
        var h = Training.Trainer.Fit(model, New("Loss"), opt, data, null,
            new Training.FitOptions { Epochs = 1, BatchSize = 8, ClipGradNorm = 1.0, KeepBest = false });
        Assert.False(h.Diverged, h.Divergence?.Message);
    }

    [Fact]
    public void A_step_that_throws_still_disarms()
    {
        manual_seed(3);
        var model = New("Linear", 6, 4);
        var opt = optim.SGD(model.parameters(), lr: 0.1, step_in_backward: true);
        Assert.Throws<InvalidOperationException>(() => opt.step(() => { opt.zero_grad(); throw new InvalidOperationException("closure failed"); }));
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();
        Step(model, New("Loss"), randn(4, 6), randint(0, 4, [4]));   // after step(): grad only
        Assert.Equal(0, model.parameters().Zip(before).Max(p => (p.First - p.Second).abs().max().ToDouble()));
    }

    [Fact]
    public void An_optimizer_that_fails_to_construct_takes_nothing_over()
    {
        manual_seed(4);
        var model = New("Linear", 6, 4);
        var opt = optim.SGD(model.parameters(), lr: 0.1, step_in_backward: true);
        Assert.Throws<ArgumentException>(() => optim.SGD(model.parameters(), lr: 0.1, momentum: 0.9, step_in_backward: true));
        Assert.ThrowsAny<ArgumentException>(() => optim.Adam(model.parameters(), lr: 0.1, beta1: 1.5));
        opt.zero_grad();
        Step(model, New("Loss"), randn(4, 6), randint(0, 4, [4]));
        Assert.Null(model.parameters()[0].grad);   // still stepped in the backward by opt
    }

    [Fact]
    public void Step_in_backward_needs_plain_SGD_now_and_after_a_load()
    {
        var ps = Model("Linear", 8).parameters();
        var e = Assert.Throws<ArgumentException>(() => optim.SGD(ps, lr: 0.1, momentum: 0.9, step_in_backward: true));
        Assert.Contains("step_in_backward applies p ← p − lr·g as each gradient is computed, which needs plain SGD; got momentum 0.9 and weight_decay 0", e.Message);
        Assert.Throws<ArgumentException>(() => optim.SGD(ps, lr: 0.1, weight_decay: 1e-4, step_in_backward: true));

        var withMomentum = optim.SGD(ps, lr: 0.1, momentum: 0.9).state_dict();
        var plain = optim.SGD(ps, lr: 0.1, step_in_backward: true);
        Assert.Throws<ArgumentException>(() => plain.load_state_dict(withMomentum));
    }
}

namespace Edu.Sdk.Tests.Optim;

public class StateDictTests
{
    static (Edu.Sdk.Nn.Parameter p, Edu.Sdk.Optim.Adam opt) Trained(bool amsgrad = false)
    {
        var p = torch.nn.Parameter(torch.tensor(new[] { 1f, -2f, 3f }));
        var opt = torch.optim.Adam([p], lr: 0.1, amsgrad: amsgrad);
        for (int t = 1; t <= 2; t++)
        {
            p.grad = torch.tensor(new[] { 0.5f * t, -1f, 2f });
            opt.step();
        }
        return (p, opt);
    }

    [Fact]
    public void Adam_state_dict_holds_hyperparameters_moments_and_step()
    {
        var (_, opt) = Trained(amsgrad: true);
        var s = opt.state_dict();
        Assert.Equal(new[] { "amsgrad", "beta1", "beta2", "eps", "lr", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq", "state.0.step", "weight_decay" },
            s.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.1, s["lr"].item<double>());
        Assert.Equal(2L, s["state.0.step"].item<long>());
        // m after two steps with g₁ = 0.5, g₂ = 1 (first element): 0.9·0.05 + 0.1·1 = 0.145.
        Assert.Equal(0.145f, s["state.0.exp_avg"].data<float>()[0], 1e-6f);
    }

    [Fact]
    public void A_loaded_optimizer_continues_exactly_like_the_original()
    {
        var (p, opt) = Trained();
        var q = torch.nn.Parameter(p.clone().detach());
        var copy = torch.optim.Adam([q], lr: 0.5, beta1: 0.5);
        copy.load_state_dict(opt.state_dict());
        Assert.Equal(0.1, copy.LearningRate);
        Assert.Equal((0.9, 0.999), copy.Betas);
        p.grad = torch.tensor(new[] { 1f, 1f, 1f });
        q.grad = torch.tensor(new[] { 1f, 1f, 1f });
        opt.step();
        copy.step();
        Assert.Equal(p.data<float>().ToArray(), q.data<float>().ToArray());
    }

    [Fact]
    public void Loading_refuses_unknown_keys_and_changes_nothing()
    {
        var (_, opt) = Trained();
        var s = opt.state_dict();
        s["state.3.exp_avg"] = torch.zeros(3);
        var fresh = torch.optim.Adam([torch.nn.Parameter(torch.zeros(3))], lr: 0.5);
        var ex = Assert.Throws<ArgumentException>(() => fresh.load_state_dict(s));
        Assert.StartsWith("Adam.load_state_dict: unexpected entries 'state.3.exp_avg' (this optimizer has 1 parameters, indexed from 0). Nothing was loaded.", ex.Message);
        Assert.Equal(0.5, fresh.LearningRate);
        Assert.DoesNotContain(fresh.state_dict().Keys, k => k.StartsWith("state.", StringComparison.Ordinal));
    }

    [Fact]
    public void Loading_refuses_a_buffer_of_the_wrong_shape()
    {
        var (_, opt) = Trained();
        var s = opt.state_dict();
        s["state.0.exp_avg"] = torch.zeros(4);
        var ex = Assert.Throws<ArgumentException>(() => torch.optim.Adam([torch.nn.Parameter(torch.zeros(3))]).load_state_dict(s));
        Assert.StartsWith("Adam.load_state_dict: 'state.0.exp_avg' is Float32 (4) but parameter 0 is Float32 (3). Nothing was loaded.", ex.Message);
    }

    [Fact]
    public void SGD_state_round_trips()
    {
        var p = torch.nn.Parameter(torch.tensor(new[] { 1.0, 2.0 }));
        var opt = torch.optim.SGD([p], 0.1, momentum: 0.9, weight_decay: 0.01);
        p.grad = torch.tensor(new[] { 1.0, -1.0 });
        opt.step();
        var q = torch.nn.Parameter(p.clone().detach());
        var copy = torch.optim.SGD([q], 1);
        copy.load_state_dict(opt.state_dict());
        Assert.Equal(0.9, copy.Momentum);
        q.grad = p.grad.clone();
        opt.step();
        copy.step();
        Assert.Equal(p.data<double>().ToArray(), q.data<double>().ToArray());
    }
}

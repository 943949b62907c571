using System.Globalization;
using Edu.Sdk.Nn;

namespace Edu.Sdk.Optim;

/// <summary>
/// Adam (Kingma &amp; Ba, 2015, "Adam: A Method for Stochastic Optimization") with bias correction, and optionally
/// AMSGrad; the update of <c>torch.optim.Adam</c> (see <see cref="AdamKernel"/> for the formula). Made by
/// <c>torch.optim.Adam(...)</c>. Each parameter keeps its own step count t, advanced only when it has a gradient.
/// </summary>
public sealed class Adam : Optimizer
{
    readonly torch.Tensor?[] _expAvg, _expAvgSq, _maxExpAvgSq;
    readonly long[] _steps;
    AdamHalves<float>? _floatHalves;
    AdamHalves<double>? _doubleHalves;
    double _beta1, _beta2, _eps, _weightDecay;
    bool _amsgrad;

    internal Adam(IEnumerable<Parameter> parameters, double lr, double beta1, double beta2, double eps, double weight_decay, bool amsgrad)
        : base("Adam", parameters, lr)
    {
        (_beta1, _beta2, _eps, _weightDecay) = Check(beta1, beta2, eps, weight_decay);
        _amsgrad = amsgrad;
        int n = _parameters.Length;
        (_expAvg, _expAvgSq, _maxExpAvgSq, _steps) = (new torch.Tensor?[n], new torch.Tensor?[n], new torch.Tensor?[n], new long[n]);
        OwnParameters();
    }

    static (double, double, double, double) Check(double beta1, double beta2, double eps, double weightDecay) =>
        (Hyperparameters.Beta("Adam", "beta1", beta1), Hyperparameters.Beta("Adam", "beta2", beta2),
         Hyperparameters.NonNegative("Adam", "eps", eps), Hyperparameters.NonNegative("Adam", "weight_decay", weightDecay));

    /// <summary>(β₁, β₂), read and set as a pair as in TorchSharp; each in [0, 1).</summary>
    public (double, double) Betas
    {
        get => (_beta1, _beta2);
        set => (_beta1, _beta2, _, _) = Check(value.Item1, value.Item2, _eps, _weightDecay);
    }

    private protected override void Update(int index, Parameter p, torch.Tensor grad)
    {
        if (_expAvg[index] is null)
        {
            _expAvg[index] = torch.zeros_like(p);
            _expAvgSq[index] = torch.zeros_like(p);
            if (_amsgrad) _maxExpAvgSq[index] = torch.zeros_like(p);
        }
        long t = ++_steps[index];
        var (m, v, vMax) = (_expAvg[index]!, _expAvgSq[index]!, _amsgrad ? _maxExpAvgSq[index] : null);
        if (p.dtype == ScalarType.Float32)
            (_floatHalves ??= new()).Update(p, grad, m, v, vMax, new AdamScalars<float>(_beta1, _beta2, _weightDecay, LearningRate, _eps, t));
        else
            (_doubleHalves ??= new()).Update(p, grad, m, v, vMax, new AdamScalars<double>(_beta1, _beta2, _weightDecay, LearningRate, _eps, t));
    }

    private protected override void WriteState(Dictionary<string, torch.Tensor> state)
    {
        state["beta1"] = torch.tensor(_beta1, torch.float64);
        state["beta2"] = torch.tensor(_beta2, torch.float64);
        state["eps"] = torch.tensor(_eps, torch.float64);
        state["weight_decay"] = torch.tensor(_weightDecay, torch.float64);
        state["amsgrad"] = torch.tensor(new[] { _amsgrad }, []);
        for (int i = 0; i < _steps.Length; i++)
        {
            if (_expAvg[i] is null) continue;
            string s = $"state.{i.ToString(CultureInfo.InvariantCulture)}.";
            state[s + "step"] = torch.tensor(_steps[i]);
            state[s + "exp_avg"] = _expAvg[i]!;
            state[s + "exp_avg_sq"] = _expAvgSq[i]!;
            if (_amsgrad) state[s + "max_exp_avg_sq"] = _maxExpAvgSq[i]!;
        }
    }

    private protected override Action PrepareLoad(StateReader reader)
    {
        var hyper = Check(reader.Double("beta1"), reader.Double("beta2"), reader.Double("eps"), reader.Double("weight_decay"));
        bool amsgrad = reader.Bool("amsgrad");
        int n = _steps.Length;
        var (m, v, vMax, steps) = (new torch.Tensor?[n], new torch.Tensor?[n], new torch.Tensor?[n], new long[n]);
        for (int i = 0; i < n; i++)
        {
            if (!reader.HasState(i)) continue;
            steps[i] = reader.Step(i);
            m[i] = reader.Buffer(i, "exp_avg");
            v[i] = reader.Buffer(i, "exp_avg_sq");
            // Without the running maximum, AMSGrad's state cannot be rebuilt.
            if (amsgrad) vMax[i] = reader.Buffer(i, "max_exp_avg_sq");
        }
        return () =>
        {
            (_beta1, _beta2, _eps, _weightDecay) = hyper;
            _amsgrad = amsgrad;
            for (int i = 0; i < n; i++)
            {
                _steps[i] = steps[i];
                _expAvg[i] = m[i]?.clone();
                _expAvgSq[i] = v[i]?.clone();
                _maxExpAvgSq[i] = vMax[i]?.clone();
            }
        };
    }
}

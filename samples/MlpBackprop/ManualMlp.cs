using Edu.Sdk;
using Edu.Sdk.Nn;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace MlpBackprop;

/// <summary>How the weights start.</summary>
/// <param name="Name">For reports, e.g. <c>He</c> or <c>N(0, 0.01)</c>.</param>
/// <param name="Std">The standard deviation of W for a layer with <c>fanIn</c> inputs; biases start at 0.</param>
public sealed record WeightInit(string Name, Func<long, double> Std)
{
    /// <summary>He et al. (2015): N(0, 2 / fan_in), which keeps the variance of ReLU activations constant from layer to layer.</summary>
    public static WeightInit He { get; } = new("He N(0, 2/fan_in)", fanIn => Math.Sqrt(2.0 / fanIn));

    /// <summary>N(0, σ = 0.01) whatever the width, as in the submitted A3 run.</summary>
    public static WeightInit Small { get; } = new("N(0, 0.01)", _ => 0.01);

    /// <summary>The same fixed σ for every layer.</summary>
    public static WeightInit Fixed(double std) => new($"N(0, {std})", _ => std);
}

/// <summary>
/// An MLP of any depth with forward and backward written by hand (A3): x → L hidden layers hₗ = relu(hₗ₋₁·Wₗ + bₗ)
/// of width H → scores z = h_L·W_out + b_out → softmax → cross-entropy. A list of weight matrices, because the
/// [Layer] generator does not unroll loops (EDU1013): the generated-forward version of depth 1 is <see cref="OneHiddenLayerMlp"/>.
/// </summary>
public sealed class ManualMlp : IManualModel
{
    readonly Parameter[] _w, _b;          // layer l maps hₗ (n × fan_in) to hₗ₊₁: W (fan_in × fan_out), b (fan_out)
    readonly List<Tensor> _h = [];        // h₀ = x, h₁ … h_L from the latest forward: what backward reads

    /// <summary>An MLP <paramref name="inputs"/> → <paramref name="depth"/> × <paramref name="width"/> → <paramref name="classes"/>.</summary>
    public ManualMlp(long inputs, int depth, long width, long classes, WeightInit init, Generator generator, ScalarType dtype = ScalarType.Float32)
    {
        var sizes = new List<long> { inputs };
        for (int l = 0; l < depth; l++) sizes.Add(width);
        sizes.Add(classes);
        _w = new Parameter[sizes.Count - 1];
        _b = new Parameter[sizes.Count - 1];
        for (int l = 0; l < _w.Length; l++)
        {
            // requires_grad: false — no tape records anything; backward below writes every grad itself.
            _w[l] = new Parameter(randn([sizes[l], sizes[l + 1]], dtype, generator) * init.Std(sizes[l]), requires_grad: false);
            _b[l] = new Parameter(zeros(sizes[l + 1], dtype), requires_grad: false);
        }
        Depth = depth;
    }

    /// <summary>The number of hidden layers L.</summary>
    public int Depth { get; }

    /// <summary>W₁ … W_L, W_out.</summary>
    public IReadOnlyList<Parameter> Weights => _w;

    /// <summary>b₁ … b_L, b_out.</summary>
    public IReadOnlyList<Parameter> Biases => _b;

    /// <inheritdoc/>
    public IReadOnlyList<(string name, Parameter parameter)> named_parameters()
    {
        var list = new List<(string, Parameter)>();
        for (int l = 0; l < _w.Length; l++)
        {
            string layer = l == _w.Length - 1 ? "out" : (l + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            list.Add(($"W{layer}", _w[l]));
            list.Add(($"b{layer}", _b[l]));
        }
        return list;
    }

    /// <summary>The scores z (n × K) of a batch; keeps h₀ … h_L for <see cref="backward"/>.</summary>
    public Tensor forward(Tensor x)
    {
        _h.Clear();
        var h = x;
        _h.Add(h);
        for (int l = 0; l < _w.Length - 1; l++)
        {
            h = relu(h.matmul(_w[l]) + _b[l]);        // hₗ = relu(hₗ₋₁·Wₗ + bₗ)
            _h.Add(h);
        }
        return h.matmul(_w[^1]) + _b[^1];             // z = h_L·W_out + b_out (softmax is folded into the loss)
    }

    /// <inheritdoc/>
    public double loss(Tensor scores, Tensor labels) => CrossEntropy(scores, labels).ToDouble();

    /// <summary>
    /// Mean cross-entropy −(1/n) Σᵢ log softmax(zᵢ)[yᵢ], with log softmax(z) = z − m − log Σ exp(z − m), m = max z
    /// (stable: no exponent above 0).
    /// </summary>
    public static Tensor CrossEntropy(Tensor scores, Tensor labels)
    {
        var m = scores.max(1, keepdim: true).values;
        var logP = scores - m - (scores - m).exp().sum(1, keepdim: true).log();
        var y = nn.functional.one_hot(labels, scores.size(1)).to(scores.dtype);
        return -(y * logP).sum(1).mean();
    }

    /// <summary>∂L/∂z of the mean cross-entropy: (softmax(z) − Y) / n, with Y the one-hot labels.</summary>
    public static Tensor ScoresGradient(Tensor scores, Tensor labels)
    {
        var m = scores.max(1, keepdim: true).values;
        var e = (scores - m).exp();
        var p = e / e.sum(1, keepdim: true);                                   // softmax(z), stable
        return (p - nn.functional.one_hot(labels, scores.size(1)).to(scores.dtype)) / scores.size(0);
    }

    /// <summary>
    /// Backpropagation (README, "Pseudo-code"), for the whole batch at once:
    /// δ = (softmax(z) − Y) / n;  for each layer from the top: ∂L/∂Wₗ = hₗ₋₁ᵀ·δ, ∂L/∂bₗ = Σᵢ δᵢ,
    /// then δ ← (δ·Wₗᵀ) ⊙ 1[hₗ₋₁ &gt; 0] (the ReLU's derivative, read from its output).
    /// </summary>
    public void backward(Tensor x, Tensor scores, Tensor labels)
    {
        var delta = ScoresGradient(scores, labels);                            // ∂L/∂z
        for (int l = _w.Length - 1; l >= 0; l--)
        {
            var hIn = _h[l];                                                   // the layer's input hₗ₋₁
            _w[l].grad = hIn.T.matmul(delta);                                  // ∂L/∂Wₗ = hₗ₋₁ᵀ·δ
            _b[l].grad = delta.sum(0);                                         // ∂L/∂bₗ = Σᵢ δᵢ
            if (l > 0)
                delta = delta.matmul(_w[l].T) * hIn.gt(0).to(delta.dtype);     // ∂L/∂aₗ₋₁ = (δ·Wₗᵀ) ⊙ 1[hₗ₋₁ > 0]
        }
    }
}

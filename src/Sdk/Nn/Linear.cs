using static Edu.Sdk.torch;

namespace Edu.Sdk.Nn;

/// <summary>
/// A fully connected layer, y = x·Wᵀ + b, with <see cref="weight"/> W of shape (out_features, in_features) and
/// <see cref="bias"/> b of shape (out_features), as in PyTorch. Initialised as PyTorch does
/// (kaiming_uniform with a = √5): every entry of W and b from U(−1/√in_features, 1/√in_features).
/// </summary>
public class Linear : Module<Tensor, Tensor>
{
    /// <summary>A layer from <paramref name="in_features"/> inputs to <paramref name="out_features"/> outputs.</summary>
    /// <param name="in_features">The size of the input's last dimension.</param>
    /// <param name="out_features">The size of the output's last dimension.</param>
    /// <param name="hasBias">False for a layer without bias (y = x·Wᵀ).</param>
    /// <param name="dtype">Float32 (the default dtype when null) or Float64.</param>
    public Linear(long in_features, long out_features, bool hasBias = true, ScalarType? dtype = null)
    {
        if (in_features <= 0 || out_features <= 0)
            throw new ArgumentException($"Linear: in_features and out_features must be positive, got {in_features} and {out_features}.");
        this.in_features = in_features;
        this.out_features = out_features;
        var type = dtype ?? get_default_dtype();
        weight = new Parameter(empty([out_features, in_features], type));
        // kaiming_uniform_(a = √5): gain √(2 / (1 + 5)) = 1/√3, bound √3 · gain / √fan_in = 1/√fan_in.
        nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (hasBias)
        {
            double bound = 1 / Math.Sqrt(in_features);
            bias = new Parameter(empty([out_features], type));
            nn.init.uniform_(bias, -bound, bound);
        }
    }

    /// <summary>The size of the input's last dimension.</summary>
    public long in_features { get; }

    /// <summary>The size of the output's last dimension.</summary>
    public long out_features { get; }

    /// <summary>W, of shape (out_features, in_features).</summary>
    public Parameter weight { get; set; }

    /// <summary>b, of shape (out_features), or null for a layer without bias.</summary>
    public Parameter? bias { get; set; }

    /// <summary>
    /// y = x·Wᵀ + b for x of shape (..., in_features) (1-d to 3-d): one matrix product that reads W through its
    /// transposed view (no copy; the GEMM consumes the transpose flag), then one broadcast add of b.
    /// </summary>
    /// <exception cref="ArgumentException">The input's last dimension is not in_features, or its dtype differs from the weight's.</exception>
    public override Tensor forward(Tensor input)
    {
        var w = weight;
        if (input.dim() == 0 || input.Dims[^1] != w.Dims[1])
            throw new ArgumentException(
                $"Linear: input has shape ({input.ShapeText}) but the weight has shape ({w.ShapeText}), so the input's last dimension must be {w.Dims[1]} (in_features).");
        if (input.dtype != w.dtype)
            throw new ArgumentException(
                $"Linear: input is {input.dtype} but the weight is {w.dtype}; convert the input with .to({w.dtype}) or the model with model.to({input.dtype}).");
        var y = input.matmul(w.T);
        return bias is { } b ? y.add(b) : y;
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"in_features={in_features}, out_features={out_features}, bias={(bias is null ? "False" : "True")}";
}

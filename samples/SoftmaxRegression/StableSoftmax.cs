using static Edu.Sdk.torch;

namespace SoftmaxRegression;

/// <summary>Softmax written by hand, row by row, so that large scores do not overflow.</summary>
public static class StableSoftmax
{
    /// <summary>
    /// softmax(z)ᵢ = exp(zᵢ − m) / Σⱼ exp(zⱼ − m) with m = maxⱼ zⱼ, for each row of <paramref name="scores"/> (n × K).
    /// Subtracting m changes nothing mathematically (it cancels between numerator and denominator) but keeps every
    /// exponent ≤ 0: exp never overflows, and the largest term is exactly exp(0) = 1, so the sum is at least 1.
    /// </summary>
    public static Tensor Softmax(Tensor scores)
    {
        var m = scores.max(1, keepdim: true).values;          // (n, 1): the row maxima
        var e = (scores - m).exp();                           // every entry in (0, 1]
        return e / e.sum(1, keepdim: true);                   // each row sums to 1
    }

    /// <summary>The naive formula exp(zᵢ) / Σⱼ exp(zⱼ), kept only to show what goes wrong.</summary>
    public static Tensor Naive(Tensor scores)
    {
        var e = scores.exp();
        return e / e.sum(1, keepdim: true);
    }
}

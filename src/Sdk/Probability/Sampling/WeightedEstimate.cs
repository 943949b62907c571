namespace Edu.Sdk.Probability;

/// <summary>The result of likelihood weighting: the estimated distribution and how much the weights spread.</summary>
public sealed class WeightedEstimate
{
    internal WeightedEstimate(FactorTable table, int samples, double totalWeight, double effectiveSampleSize)
    {
        Table = table;
        Samples = samples;
        TotalWeight = totalWeight;
        EffectiveSampleSize = effectiveSampleSize;
    }

    /// <summary>The estimate of P(targets | evidence): Σ w·[sample has the state] / Σ w.</summary>
    public FactorTable Table { get; }

    /// <summary>The number of samples drawn.</summary>
    public int Samples { get; }

    /// <summary>Σ w; divided by <see cref="Samples"/> it estimates P(evidence).</summary>
    public double TotalWeight { get; }

    /// <summary>
    /// Kish's effective sample size (Σ w)² / Σ w²: the number of unweighted samples worth as much. The standard error
    /// of an estimated probability p is about √(p(1 − p) / ESS).
    /// </summary>
    public double EffectiveSampleSize { get; }

    /// <summary>The estimate of P(evidence): the mean weight.</summary>
    public double EvidenceProbability => TotalWeight / Samples;

    /// <summary>The table, with the sample count and effective sample size.</summary>
    public override string ToString() => $"{Table}\n({Samples} samples, effective sample size {EffectiveSampleSize:F1})";
}

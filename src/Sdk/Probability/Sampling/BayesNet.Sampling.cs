namespace Edu.Sdk.Probability;

public sealed partial class BayesNet
{
    /// <summary>
    /// Ancestral (forward) sampling: each sample visits the variables in topological order and draws each from its
    /// CPT row given the parents already drawn, so samples follow the joint exactly. The generator is xoshiro256**
    /// seeded by <paramref name="seed"/>: the same seed gives the same samples on every platform.
    /// </summary>
    /// <param name="count">The number of samples.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>One row per sample, one column per variable (in <see cref="Variables"/> order).</returns>
    public Observations Sample(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var rng = new SeededRandom(seed);
        var data = new Observations(_variables);
        for (int s = 0; s < count; s++)
        {
            var row = new int[Count];
            foreach (int v in _topological) row[v] = rng.Categorical(RowOf(v, row));
            data.Rows.Add(row);
        }
        return data;
    }

    /// <summary>
    /// Likelihood weighting: evidence variables are clamped to their observed states instead of drawn, and each sample
    /// is weighted by w = Π over evidence variables E of P(e | parents as sampled); the estimate of
    /// P(targets | evidence) is the weighted frequency. Unbiased for P(evidence), consistent for the conditional.
    /// </summary>
    /// <param name="targets">The query variables.</param>
    /// <param name="evidence">Observed values.</param>
    /// <param name="samples">The number of samples.</param>
    /// <param name="seed">The seed (see <see cref="Sample"/>).</param>
    /// <exception cref="InvalidOperationException">Every sample had weight 0.</exception>
    public WeightedEstimate LikelihoodWeighting(IReadOnlyList<Variable> targets, IReadOnlyList<Observation> evidence, int samples, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        var (t, e) = Resolve(targets, evidence, requireTargets: true);
        var observed = new int[Count];
        Array.Fill(observed, -1);
        foreach (var (id, s) in e) observed[id] = s;
        var tv = t.Select(i => _variables[i]).ToArray();
        var strides = FactorTable.StridesOf(tv);
        var sums = new double[tv.Aggregate(1, (n, v) => n * v.Cardinality)];
        var rng = new SeededRandom(seed);
        var row = new int[Count];
        double total = 0, squares = 0;
        for (int s = 0; s < samples; s++)
        {
            double w = 1;
            foreach (int v in _topological)
            {
                var dist = RowOf(v, row);
                if (observed[v] >= 0) { row[v] = observed[v]; w *= dist[observed[v]]; }
                else row[v] = rng.Categorical(dist);
            }
            int i = 0;
            for (int k = 0; k < t.Length; k++) i += row[t[k]] * strides[k];
            sums[i] += w;
            total += w;
            squares += w * w;
        }
        string label = Label(t, e);
        if (!(total > 0))
            throw new InvalidOperationException($"Likelihood weighting for {label}: all {samples} samples had weight 0; the evidence may be impossible.");
        for (int i = 0; i < sums.Length; i++) sums[i] /= total;
        return new WeightedEstimate(new FactorTable(tv, sums, "estimated " + label), samples, total, total * total / squares);
    }

    /// <summary>The CPT row of variable v given the parents' states in <paramref name="row"/>.</summary>
    ReadOnlySpan<double> RowOf(int v, int[] row)
    {
        int r = 0;
        foreach (int p in _parents[v]) r = r * _variables[p].Cardinality + row[p];
        int c = _variables[v].Cardinality;
        return _cpts[v].Table.RawValues.AsSpan(r * c, c);
    }
}

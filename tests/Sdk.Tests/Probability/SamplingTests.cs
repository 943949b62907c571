using Edu.Sdk.Probability;
using static Edu.Sdk.Tests.Probability.RandomNetworks;

namespace Edu.Sdk.Tests.Probability;

/// <summary>Sampling estimates fall within 4 standard errors of the exact answers (fixed seeds, so the outcome is fixed).</summary>
public class SamplingTests
{
    const int N = 4000;

    [Fact]
    public void Ancestral_sampling_frequencies_are_within_four_standard_errors()
    {
        for (int seed = 1; seed <= 30; seed++)
        {
            var net = Make(1 + seed % 8, seed);
            var rng = new Random(seed);
            var x = net.Variables[rng.Next(net.Variables.Count)];
            var samples = net.Sample(N, seed);
            Assert.Equal(N, samples.Count);
            var freq = samples.Frequencies([x], []);
            var exact = net.Query([x], []);
            for (int k = 0; k < x.Cardinality; k++)
            {
                double p = exact.Values[k], se = Math.Sqrt(p * (1 - p) / N);
                Assert.True(Math.Abs(freq.Values[k] - p) <= 4 * se, $"seed {seed}: {x.Name}={x.States[k]} estimated {freq.Values[k]}, exact {p}, 4 SE = {4 * se}");
            }
        }
    }

    [Fact]
    public void Likelihood_weighting_is_within_four_standard_errors()
    {
        for (int seed = 1; seed <= 30; seed++)
        {
            var net = Make(2 + seed % 7, seed);
            var (target, evidence) = RandomQuery(net, seed);
            var estimate = net.LikelihoodWeighting([target], evidence, N, seed);
            var exact = net.Query([target], evidence);
            for (int k = 0; k < target.Cardinality; k++)
            {
                double p = exact.Values[k], se = Math.Sqrt(p * (1 - p) / estimate.EffectiveSampleSize);
                Assert.True(Math.Abs(estimate.Table.Values[k] - p) <= 4 * se, $"seed {seed}: estimated {estimate.Table.Values[k]}, exact {p}, 4 SE = {4 * se}");
            }
            // The mean weight estimates P(e): its standard error is sd(w)/√N ≤ √(E[w²]/N).
            double pe = net.Probability(evidence);
            Assert.True(Math.Abs(estimate.EvidenceProbability - pe) <= 4 * Math.Sqrt(pe / N) + 1e-12, $"seed {seed}: P(e) {estimate.EvidenceProbability} vs {pe}");
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_samples()
    {
        var net = A1Network.Build();
        var a = net.Sample(50, 42);
        var b = net.Sample(50, 42);
        for (int i = 0; i < 50; i++) Assert.Equal(a.Get<G>(i), b.Get<G>(i));
        Assert.NotEqual(Enumerable.Range(0, 50).Select(a.Get<G>), Enumerable.Range(0, 50).Select(net.Sample(50, 43).Get<G>));
    }

    [Fact]
    public void Sampling_an_intervened_network_follows_the_point_mass()
    {
        var samples = A1Network.Build().Do(G.g2).Sample(200, 3);
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(G.g2, samples.Get<G>(i)));
    }
}

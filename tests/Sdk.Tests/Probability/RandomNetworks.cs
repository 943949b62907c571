using Edu.Sdk.Probability;
using FsCheck;
using FsCheck.Fluent;

namespace Edu.Sdk.Tests.Probability;

/// <summary>Random DAGs (1–8 variables, 2–4 states, up to 3 parents) with random strictly positive CPTs, built by the runtime core.</summary>
public static class RandomNetworks
{
    public static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(100);

    /// <summary>(variables, seed): everything else is drawn from the seed, so a failure replays from its printed pair.</summary>
    public static Arbitrary<(int N, int Seed)> Cases() =>
        (from n in Gen.Choose(1, 8) from seed in Gen.Choose(0, 1_000_000) select (n, seed)).ToArbitrary();

    public static BayesNet Make(int n, int seed)
    {
        var rng = new Random(seed);
        var vars = Enumerable.Range(0, n)
            .Select(i => new Variable($"X{i}", Enumerable.Range(0, rng.Next(2, 5)).Select(k => $"x{i}_{k}")))
            .ToArray();
        var cpts = new List<Cpt>();
        for (int i = 0; i < n; i++)
        {
            var parents = Enumerable.Range(0, i).Where(_ => rng.NextDouble() < 0.4).Take(3).Select(j => vars[j]).ToArray();
            int rows = parents.Aggregate(1, (m, p) => m * p.Cardinality), c = vars[i].Cardinality;
            var values = new double[rows * c];
            for (int r = 0; r < rows; r++)
            {
                double sum = 0;
                for (int k = 0; k < c; k++) sum += values[r * c + k] = 0.05 + rng.NextDouble();
                for (int k = 0; k < c; k++) values[r * c + k] /= sum;
            }
            cpts.Add(new Cpt(vars[i], parents, values));
        }
        // Shuffle the CPT order: the network must not depend on receiving them topologically.
        return new BayesNet(cpts.OrderBy(_ => rng.Next()).ToArray());
    }

    /// <summary>A query target and random evidence on some other variables.</summary>
    public static (Variable Target, Observation[] Evidence) RandomQuery(BayesNet net, int seed)
    {
        var rng = new Random(seed ^ 0x5eed);
        var target = net.Variables[rng.Next(net.Variables.Count)];
        var evidence = net.Variables.Where(v => v != target && rng.NextDouble() < 0.35)
            .Select(v => v.Is(rng.Next(v.Cardinality))).ToArray();
        return (target, evidence);
    }

    /// <summary>
    /// The joint by brute force: every assignment of every variable, P = Π P(xᵢ | parents), written here with nested
    /// odometer loops over plain arrays, independent of the SDK's inference.
    /// </summary>
    public static IEnumerable<(int[] States, double P)> Joint(BayesNet net)
    {
        var vars = net.Variables;
        var index = vars.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);
        var a = new int[vars.Count];
        while (true)
        {
            double p = 1;
            for (int i = 0; i < vars.Count; i++)
            {
                var cpt = net.Cpts[i];
                p *= cpt.Probability(a[i], cpt.Parents.Select(q => a[index[q]]).ToArray());
            }
            yield return ((int[])a.Clone(), p);
            int k = vars.Count - 1;
            for (; k >= 0; k--)
            {
                if (++a[k] < vars[k].Cardinality) break;
                a[k] = 0;
            }
            if (k < 0) yield break;
        }
    }

    /// <summary>P(target | evidence) by summing the brute-force joint.</summary>
    public static double[] BruteQuery(BayesNet net, Variable target, Observation[] evidence)
    {
        int t = net.Variables.ToList().IndexOf(target);
        var ev = evidence.Select(e => (I: net.Variables.ToList().IndexOf(e.Variable), e.State)).ToArray();
        var result = new double[target.Cardinality];
        foreach (var (s, p) in Joint(net))
            if (ev.All(e => s[e.I] == e.State)) result[s[t]] += p;
        double z = result.Sum();
        return result.Select(x => x / z).ToArray();
    }
}

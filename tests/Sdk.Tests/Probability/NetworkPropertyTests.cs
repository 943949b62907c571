using Edu.Sdk.Probability;
using FsCheck;
using FsCheck.Fluent;
using static Edu.Sdk.Tests.Probability.RandomNetworks;

namespace Edu.Sdk.Tests.Probability;

/// <summary>FsCheck properties over random DAGs and CPTs.</summary>
public class NetworkPropertyTests
{
    static readonly Inference[] Methods =
    [
        Inference.VariableElimination,
        Inference.VariableElimination.With(EliminationHeuristic.MinWeight),
        Inference.VariableElimination.With(EliminationHeuristic.MinNeighbors),
        Inference.Enumeration,
    ];

    [Fact]
    public void Every_query_sums_to_one()
    {
        Prop.ForAll(Cases(), c =>
        {
            var net = Make(c.N, c.Seed);
            var (target, evidence) = RandomQuery(net, c.Seed);
            foreach (var m in Methods)
                Assert.Equal(1, net.Query([target], evidence, m).Sum(), 1e-12);
            // A joint query over two variables, when there are two unobserved.
            var free = net.Variables.Where(v => !evidence.Any(e => e.Variable == v)).ToArray();
            if (free.Length >= 2)
                Assert.Equal(1, net.Query([free[^1], free[0]], evidence).Sum(), 1e-12);
        }).Check(Quick);
    }

    [Fact]
    public void Variable_elimination_equals_enumeration_and_brute_force()
    {
        Prop.ForAll(Cases(), c =>
        {
            var net = Make(c.N, c.Seed);
            var (target, evidence) = RandomQuery(net, c.Seed);
            var brute = BruteQuery(net, target, evidence);
            foreach (var m in Methods)
            {
                var answer = net.Query([target], evidence, m);
                for (int k = 0; k < brute.Length; k++) Assert.Equal(brute[k], answer.Values[k], 1e-10);
            }
            var free = net.Variables.Where(v => !evidence.Any(e => e.Variable == v)).ToArray();
            if (free.Length >= 2)
            {
                var pair = new[] { free[^1], free[0] };
                Assert.True(net.Query(pair, evidence).Equals(net.Query(pair, evidence, Inference.Enumeration), 1e-10));
            }
        }).Check(Quick);
    }

    [Fact]
    public void Do_on_a_root_equals_conditioning_on_it()
    {
        Prop.ForAll(Cases(), c =>
        {
            var net = Make(c.N, c.Seed);
            if (net.Variables.Count < 2) return;
            var rng = new Random(c.Seed);
            var roots = net.Variables.Where(v => net.ParentsOf(v).Count == 0).ToArray();
            var root = roots[rng.Next(roots.Length)];
            var set = root.Is(rng.Next(root.Cardinality));
            var (target, evidence) = RandomQuery(net, c.Seed);
            if (target == root) return;
            evidence = evidence.Where(e => e.Variable != root).ToArray();
            var done = net.Do([set]).Query([target], evidence);
            var seen = net.Query([target], [.. evidence, set]);
            Assert.True(done.Equals(seen, 1e-10), $"{done}\nvs\n{seen}");
        }).Check(Quick);
    }

    [Fact]
    public void Do_leaves_the_marginals_of_non_descendants_unchanged()
    {
        Prop.ForAll(Cases(), c =>
        {
            var net = Make(c.N, c.Seed);
            var rng = new Random(c.Seed);
            var x = net.Variables[rng.Next(net.Variables.Count)];
            var intervened = net.Do([x.Is(rng.Next(x.Cardinality))]);
            var descendants = net.DescendantsOf(x);
            foreach (var y in net.Variables.Where(v => v != x && !descendants.Contains(v)))
                Assert.True(intervened.Query([y], []).Equals(net.Query([y], []), 1e-12), $"do({x.Name}) changed P({y.Name})");
        }).Check(Quick);
    }

    [Fact]
    public void Probability_of_evidence_equals_the_joint_summed_over_it()
    {
        Prop.ForAll(Cases(), c =>
        {
            var net = Make(c.N, c.Seed);
            var (_, evidence) = RandomQuery(net, c.Seed);
            var idx = evidence.Select(e => (I: net.Variables.ToList().IndexOf(e.Variable), e.State)).ToArray();
            double expected = Joint(net).Where(j => idx.All(e => j.States[e.I] == e.State)).Sum(j => j.P);
            Assert.Equal(expected, net.Probability(evidence), 1e-12);
            Assert.Equal(expected, net.Probability(evidence, Inference.Enumeration), 1e-12);
        }).Check(Quick);
    }

    [Fact]
    public void Do_then_observe_equals_brute_force_on_the_mutilated_network()
    {
        Prop.ForAll(Cases(), c =>
        {
            var net = Make(c.N, c.Seed);
            if (net.Variables.Count < 2) return;
            var rng = new Random(c.Seed + 7);
            var x = net.Variables[rng.Next(net.Variables.Count)];
            var set = x.Is(rng.Next(x.Cardinality));
            var intervened = net.Do([set]);
            var (target, evidence) = RandomQuery(intervened, c.Seed);
            if (target == x) return;
            evidence = evidence.Where(e => e.Variable != x).ToArray();
            // Brute force: the joint of the original network with x's factor replaced by the indicator [x = set].
            int ix = net.Variables.ToList().IndexOf(x), it = net.Variables.ToList().IndexOf(target);
            var ev = evidence.Select(e => (I: net.Variables.ToList().IndexOf(e.Variable), e.State)).ToArray();
            var expected = new double[target.Cardinality];
            foreach (var (s, p) in Joint(net))
            {
                if (s[ix] != set.State || !ev.All(e => s[e.I] == e.State)) continue;
                var cpt = net.Cpts[ix];
                double own = cpt.Probability(s[ix], cpt.Parents.Select(q => s[net.Variables.ToList().IndexOf(q)]).ToArray());
                expected[s[it]] += p / own;
            }
            double z = expected.Sum();
            var answer = intervened.Query([target], evidence);
            for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k] / z, answer.Values[k], 1e-10);
        }).Check(Quick);
    }
}

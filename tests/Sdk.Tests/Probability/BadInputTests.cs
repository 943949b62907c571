using Edu.Sdk.Probability;

namespace Edu.Sdk.Tests.Probability;

/// <summary>Every refusal says what is wrong and where.</summary>
public class BadInputTests
{
    public enum A { a0, a1 }
    public enum B { b0, b1 }
    public enum C { c0, c1 }
    public enum Unused { u0, u1 }

    static readonly BayesNet Net = A1Network.Build();

    [Fact]
    public void A_cycle_is_refused_and_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => BayesNet.From(
            Cpt.Of<A>().Given<C>([0.5, 0.5], [0.5, 0.5]),
            Cpt.Of<B>().Given<A>([0.5, 0.5], [0.5, 0.5]),
            Cpt.Of<C>().Given<B>([0.5, 0.5], [0.5, 0.5])));
        Assert.Contains("cycle: A -> B -> C -> A", ex.Message);
    }

    [Fact]
    public void A_row_not_summing_to_one_is_refused_with_the_variable_the_row_and_the_sum()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            Cpt.Of<G>().Given<S, D>([0.5, 0.3, 0.2], [0.9, 0.08, 0.02], [0.1, 0.2, 0.6], [0.3, 0.4, 0.3]));
        Assert.Contains("The CPT of G: row (S=s1, D=d0) sums to 0.9", ex.Message);
        Assert.Contains("0.1 + 0.2 + 0.6", ex.Message);
    }

    [Fact]
    public void A_root_not_summing_to_one_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Cpt.Of<S>(0.2, 0.7));
        Assert.Contains("The CPT of S: P(S) sums to 0.9, not 1 (0.2 + 0.7)", ex.Message);
    }

    [Fact]
    public void A_negative_entry_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Cpt.Of<R>().Given<S>([1.1, -0.1], [0.2, 0.8]));
        Assert.Contains("P(R=r1 | S=s0) = -0.1 is negative", ex.Message);
    }

    [Fact]
    public void A_wrong_number_of_rows_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Cpt.Of<G>().Given<S, D>([0.5, 0.3, 0.2], [0.9, 0.08, 0.02], [0.1, 0.2, 0.7]));
        Assert.Contains("needs 4 rows", ex.Message);
    }

    [Fact]
    public void Unknown_evidence_variables_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Net.Query<G>(Unused.u0));
        Assert.Contains("Evidence names Unused, which is not a variable of this network (its variables: S, D, R, G, L)", ex.Message);
        Assert.Contains("not a variable", Assert.Throws<ArgumentException>(() => Net.Query<Unused>()).Message);
        Assert.Contains("not a variable", Assert.Throws<ArgumentException>(() => Net.Probability(Unused.u1)).Message);
    }

    [Fact]
    public void Duplicate_evidence_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Net.Query<G>(R.r1, S.s0, R.r0));
        Assert.Contains("Duplicate evidence: R is observed twice (r1 and r0)", ex.Message);
        Assert.Contains("observed twice (r1 and r1)", Assert.Throws<ArgumentException>(() => Net.Probability(R.r1, R.r1)).Message);
    }

    [Fact]
    public void A_target_that_is_also_observed_is_refused()
    {
        Assert.Contains("both asked for and observed", Assert.Throws<ArgumentException>(() => Net.Query<G>(G.g2)).Message);
        Assert.Contains("asked for twice", Assert.Throws<ArgumentException>(() => Net.Query<G, G>()).Message);
    }

    [Fact]
    public void Observing_an_intervened_variable_at_another_value_is_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => Net.Do(G.g2).Query<R>(G.g0));
        Assert.Contains("G is set by do(G=g2) and observed as g0", ex.Message);
        Assert.Contains("already set by do(G=g2)", Assert.Throws<ArgumentException>(() => Net.Do(G.g2).Do(G.g1)).Message);
    }

    [Fact]
    public void A_CPT_whose_parents_do_not_match_the_graph_is_refused()
    {
        var cpts = new[]
        {
            Cpt.Of<A>(0.5, 0.5),
            Cpt.Of<B>(0.5, 0.5),
            Cpt.Of<C>().Given<A>([0.5, 0.5], [0.5, 0.5]),
        };
        var ex = Assert.Throws<ArgumentException>(() => new BayesNet(cpts, [Edge.Of<A, C>(), Edge.Of<B, C>()]));
        Assert.Contains("The graph gives C the parents (A, B), but its CPT is P(C | A)", ex.Message);
        Assert.Contains("Condition the CPT on B", ex.Message);
        // The matching graph is accepted.
        Assert.Equal(3, new BayesNet(cpts, [Edge.Of<A, C>()]).Variables.Count);
    }

    [Fact]
    public void A_parent_without_a_CPT_or_two_CPTs_for_one_variable_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => BayesNet.From(Cpt.Of<C>().Given<A>([0.5, 0.5], [0.5, 0.5])));
        Assert.Contains("P(C | A) is conditioned on A, but no CPT for A was given", ex.Message);
        var dup = Assert.Throws<ArgumentException>(() => BayesNet.From(Cpt.Of<A>(0.5, 0.5), Cpt.Of<A>(0.1, 0.9)));
        Assert.Contains("Two CPTs are given for A", dup.Message);
    }

    [Fact]
    public void Parents_with_inconsistent_states_are_refused()
    {
        var x = new Variable("X", "x0", "x1");
        var x3 = new Variable("X", "x0", "x1", "x2");
        var y = new Variable("Y", "y0", "y1");
        var ex = Assert.Throws<ArgumentException>(() => new BayesNet([new Cpt(x, [], [0.5, 0.5]), new Cpt(y, [x3], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5])]));
        Assert.Contains("P(Y | X) uses X with the states (x0, x1, x2), but P(X) gives X the states (x0, x1)", ex.Message);
    }

    [Fact]
    public void A_network_too_large_for_enumeration_says_so()
    {
        var grid = GridNetwork(4, 10);
        Assert.Equal(1L << 40, grid.JointSize);
        var last = grid.Variables[^1];
        var ex = Assert.Throws<InvalidOperationException>(() => grid.Query([last], [], Inference.Enumeration));
        Assert.Contains("Enumeration refuses this network: its joint has 1,099,511,627,776 entries (2^40)", ex.Message);
        // Variable elimination answers it.
        Assert.Equal(1, grid.Query([last], []).Sum(), 1e-12);
    }

    [Fact]
    public void Impossible_evidence_is_reported()
    {
        var net = BayesNet.From(Cpt.Of<A>(1, 0), Cpt.Of<B>().Given<A>([0.5, 0.5], [0.5, 0.5]));
        var ex = Assert.Throws<InvalidOperationException>(() => net.Query<B>(A.a1));
        Assert.Contains("P(B | a1) is undefined: the evidence has probability 0", ex.Message);
    }

    [Fact]
    public void Learning_without_data_for_a_row_asks_for_smoothing()
    {
        var data = Observations.Of(typeof(A), typeof(B));
        data.Add(A.a0, B.b1);
        var ex = Assert.Throws<ArgumentException>(() => Cpt.Of<B>().Learn<A>(data));
        Assert.Contains("no observation has A=a1", ex.Message);
        Assert.Contains("laplace: 1", ex.Message);
    }

    /// <summary>A rows×cols grid of binary variables, each with its upper and left neighbours as parents.</summary>
    internal static BayesNet GridNetwork(int rows, int cols, int seed = 1)
    {
        var rng = new Random(seed);
        var v = new Variable[rows, cols];
        var cpts = new List<Cpt>();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
            {
                v[i, j] = new Variable($"X{i}_{j}", "0", "1");
                var parents = new List<Variable>();
                if (i > 0) parents.Add(v[i - 1, j]);
                if (j > 0) parents.Add(v[i, j - 1]);
                var values = new List<double>();
                for (int r = 0; r < 1 << parents.Count; r++)
                {
                    double p = 0.1 + 0.8 * rng.NextDouble();
                    values.Add(p);
                    values.Add(1 - p);
                }
                cpts.Add(new Cpt(v[i, j], parents, values.ToArray()));
            }
        return new BayesNet(cpts);
    }
}

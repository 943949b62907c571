using Edu.Sdk.Probability;
using static Edu.Sdk.Tests.Probability.A1Network;

namespace Edu.Sdk.Tests.Probability;

/// <summary>The sixteen A1 queries, each against a brute-force enumeration written in the test, and a few by exact fractions.</summary>
public class A1QueryTests
{
    const double Tol = 1e-10;
    static readonly BayesNet Net = Build();

    /// <summary>(label, SDK answer, target axis, evidence, interventions) for each of the assignment's queries.</summary>
    public static readonly (string Label, Func<BayesNet, FactorTable> Sdk, int Target, (int, int)[] Evidence, (int, int)[] Do)[] Queries =
    [
        ("P(G)", n => n.Query<G>(), iG, [], []),
        ("P(G | r1)", n => n.Query<G>(R.r1), iG, [(iR, 1)], []),
        ("P(G | r0)", n => n.Query<G>(R.r0), iG, [(iR, 0)], []),
        ("P(G | r1, s0)", n => n.Query<G>(R.r1, S.s0), iG, [(iR, 1), (iS, 0)], []),
        ("P(G | r0, s0)", n => n.Query<G>(R.r0, S.s0), iG, [(iR, 0), (iS, 0)], []),
        ("P(R | d1)", n => n.Query<R>(D.d1), iR, [(iD, 1)], []),
        ("P(R | d0)", n => n.Query<R>(D.d0), iR, [(iD, 0)], []),
        ("P(R | d1, g2)", n => n.Query<R>(D.d1, G.g2), iR, [(iD, 1), (iG, 2)], []),
        ("P(R | d0, g2)", n => n.Query<R>(D.d0, G.g2), iR, [(iD, 0), (iG, 2)], []),
        ("P(R | d1, l1)", n => n.Query<R>(D.d1, L.l1), iR, [(iD, 1), (iL, 1)], []),
        ("P(R | d0, l1)", n => n.Query<R>(D.d0, L.l1), iR, [(iD, 0), (iL, 1)], []),
        ("P(R | do(G=g2))", n => n.Do(G.g2).Query<R>(), iR, [], [(iG, 2)]),
        ("P(R | g2)", n => n.Query<R>(G.g2), iR, [(iG, 2)], []),
        ("P(R)", n => n.Query<R>(), iR, [], []),
        ("P(G | do(L=l1))", n => n.Do(L.l1).Query<G>(), iG, [], [(iL, 1)]),
        ("P(G | l1)", n => n.Query<G>(L.l1), iG, [(iL, 1)], []),  // the sixteenth asks for its entry g1
    ];

    public static TheoryData<int> QueryIndices() => new(Enumerable.Range(0, Queries.Length));

    [Theory]
    [MemberData(nameof(QueryIndices))]
    public void Each_A1_query_matches_brute_force_enumeration(int i)
    {
        var q = Queries[i];
        var expected = Brute(q.Target, q.Evidence, q.Do);
        foreach (var inference in new[] { Inference.VariableElimination, Inference.Enumeration })
        {
            var answer = q.Sdk(Net.Using(inference));
            Assert.Equal(q.Label, answer.Label);
            Assert.Single(answer.Variables);
            Assert.Equal(expected.Length, answer.Count);
            for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], answer.Values[k], Tol);
        }
    }

    [Fact]
    public void P_of_G_by_exact_fractions()
    {
        // P(g) = Σ_{s,d} P(s) P(d) P(g | s, d); the weights P(s)P(d) are 0.18, 0.02, 0.72, 0.08.
        // g0: 0.18·0.5 + 0.02·0.9 + 0.72·0.1 + 0.08·0.3 = 0.090 + 0.018 + 0.072 + 0.024 = 204/1000
        // g1: 0.18·0.3 + 0.02·0.08 + 0.72·0.2 + 0.08·0.4 = 0.054 + 0.0016 + 0.144 + 0.032 = 2316/10000
        // g2: 0.18·0.2 + 0.02·0.02 + 0.72·0.7 + 0.08·0.3 = 0.036 + 0.0004 + 0.504 + 0.024 = 5644/10000
        var pg = Net.Query<G>();
        Assert.Equal(204.0 / 1000, pg[G.g0], Tol);
        Assert.Equal(2316.0 / 10000, pg[G.g1], Tol);
        Assert.Equal(5644.0 / 10000, pg[G.g2], Tol);
    }

    [Fact]
    public void P_of_R_and_do_G_by_exact_fractions()
    {
        // P(r1) = 0.2·0.1 + 0.8·0.8 = 66/100. do(G=g2) cuts S -> G, and R's only ancestor is S: P(R | do(G=g2)) = P(R).
        Assert.Equal(66.0 / 100, Net.Query<R>()[R.r1], Tol);
        Assert.Equal(66.0 / 100, Net.Do(G.g2).Query<R>()[R.r1], Tol);
        Assert.Equal(34.0 / 100, Net.Do(G.g2).Query<R>()[R.r0], Tol);
    }

    [Fact]
    public void P_of_R_given_g2_by_exact_fractions()
    {
        // P(g2 | s0) = 0.9·0.2 + 0.1·0.02 = 0.182; P(g2 | s1) = 0.9·0.7 + 0.1·0.3 = 0.66.
        // P(s0, g2) = 0.2·0.182 = 0.0364; P(s1, g2) = 0.8·0.66 = 0.528; P(g2) = 0.5644.
        // P(r1 | g2) = (0.0364·0.1 + 0.528·0.8) / 0.5644 = 0.42604 / 0.5644 = 42604/56440.
        Assert.Equal(42604.0 / 56440, Net.Query<R>(G.g2)[R.r1], Tol);
    }

    [Fact]
    public void P_of_G_given_r1_s0_by_exact_fractions()
    {
        // R ⊥ G | S, so P(G | r1, s0) = P(G | s0) = 0.9·P(G | s0, d0) + 0.1·P(G | s0, d1).
        var t = Net.Query<G>(R.r1, S.s0);
        Assert.Equal(54.0 / 100, t[G.g0], Tol);
        Assert.Equal(278.0 / 1000, t[G.g1], Tol);
        Assert.Equal(182.0 / 1000, t[G.g2], Tol);
    }

    [Fact]
    public void P_of_g1_given_l1_by_exact_fractions()
    {
        // P(l1) = 0.204·0.1 + 0.2316·0.4 + 0.5644·0.99 = 0.671796; P(g1, l1) = 0.2316·0.4 = 0.09264.
        Assert.Equal(92640.0 / 671796, Net.Query<G>(L.l1)[G.g1], Tol);
    }

    [Fact]
    public void Interventions_and_observations_differ_as_the_assignment_says()
    {
        Assert.True(Net.Do(G.g2).Query<R>().Equals(Net.Query<R>(), 1e-12));
        Assert.False(Net.Query<R>(G.g2).Equals(Net.Query<R>(), 1e-3));
        Assert.True(Net.Do(L.l1).Query<G>().Equals(Net.Query<G>(), 1e-12));
    }

    [Fact]
    public void Joint_query_and_probability_of_evidence_match_brute_force()
    {
        // P(S, G | l1) from the test's loops: P(s, g, l1) / P(l1).
        var joint = Net.Query<S, G>(L.l1);
        Assert.Equal([Variable.Of<S>(), Variable.Of<G>()], joint.Variables);
        double pl1 = 0;
        var sg = new double[2, 3];
        for (int s = 0; s < 2; s++)
            for (int d = 0; d < 2; d++)
                for (int g = 0; g < 3; g++)
                {
                    double p = PS[s] * PD[d] * PG[s, d, g] * PL[g, 1];
                    sg[s, g] += p;
                    pl1 += p;
                }
        for (int s = 0; s < 2; s++)
            for (int g = 0; g < 3; g++)
                Assert.Equal(sg[s, g] / pl1, joint[(S)s, (G)g], Tol);
        // P(r1, l0) = Σ_{s,d,g} P(s) P(d) P(r1 | s) P(g | s, d) P(l0 | g).
        double prl = 0;
        for (int s = 0; s < 2; s++)
            for (int d = 0; d < 2; d++)
                for (int g = 0; g < 3; g++)
                    prl += PS[s] * PD[d] * PR[s, 1] * PG[s, d, g] * PL[g, 0];
        Assert.Equal(prl, Net.Probability(R.r1, L.l0), Tol);
        Assert.Equal(prl, Net.Using(Inference.Enumeration).Probability(R.r1, L.l0), Tol);
    }

    [Fact]
    public void Do_combined_with_evidence_is_do_then_observe()
    {
        // P(R | do(G=g2), l1): in the cut network L depends on G only, so observing l1 says nothing about R.
        var expected = Brute(iR, [(iL, 1)], (iG, 2));
        var answer = Net.Do(G.g2).Query<R>(L.l1);
        Assert.Equal("P(R | do(G=g2), l1)", answer.Label);
        Assert.Equal(expected[1], answer[R.r1], Tol);
        // Observing the intervened value itself is consistent, and changes nothing.
        Assert.Equal(expected[1], Net.Do(G.g2).Query<R>(G.g2, L.l1)[R.r1], Tol);
        // do(S=s1) with an observation downstream: brute force on the mutilated network.
        var e2 = Brute(iG, [(iL, 1)], (iS, 1));
        var a2 = Net.Do(S.s1).Query<G>(L.l1);
        for (int g = 0; g < 3; g++) Assert.Equal(e2[g], a2[(G)g], Tol);
    }
}

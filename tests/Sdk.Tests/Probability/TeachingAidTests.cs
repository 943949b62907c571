using Edu.Sdk.Probability;

namespace Edu.Sdk.Tests.Probability;

/// <summary>Explain, d-separation and learning from counts.</summary>
public class TeachingAidTests
{
    static readonly BayesNet Net = A1Network.Build();

    [Fact]
    public void Explain_prints_the_formula_each_step_and_the_same_answer_as_Query()
    {
        var e = Net.Explain<G>(R.r1, S.s0);
        Assert.True(e.Result.Equals(Net.Query<G>(R.r1, S.s0), 1e-15));
        Assert.Contains("By definition P(G | r1, s0) = P(G, r1, s0) / P(r1, s0)", e.Text);
        Assert.Contains("P(S, D, R, G, L) = P(S) P(D) P(R | S) P(G | S, D) P(L | G)", e.Text);
        Assert.Contains("Dropped: P(L | G)", e.Text);
        Assert.Contains("So P(G, r1, s0) = Σ_{D} P(s0) P(D) P(r1 | s0) P(G | s0, D)", e.Text);
        Assert.Contains("Step 1: eliminate D", e.Text);
        Assert.Contains("ψ1(D, G) = P(D) · P(G | s0, D)", e.Text);
        Assert.Contains("τ1(G) = Σ_D ψ1(D, G)", e.Text);
        Assert.Single(e.Steps);
        // τ1(g0) = Σ_d P(d) P(g0 | s0, d) = 0.9·0.5 + 0.1·0.9 = 0.54.
        Assert.Equal(0.54, e.Steps[0].Message[G.g0], 1e-12);
        Assert.Contains("Normalise: P(r1, s0) = Σ P(G, r1, s0) = 0.02", e.Text);
    }

    [Fact]
    public void Explain_of_an_intervention_names_the_cut_edges()
    {
        var e = Net.Do(G.g2).Explain<R>(L.l1);
        Assert.Contains("Query: P(R | do(G=g2), l1)", e.Text);
        Assert.Contains("incoming edges (S -> G, D -> G) are cut", e.Text);
        Assert.True(e.Result.Equals(Net.Do(G.g2).Query<R>(L.l1), 1e-15));
    }

    [Fact]
    public void D_separation_with_active_trails()
    {
        var marginal = Net.AreIndependent<R, D>();
        Assert.True(marginal);
        Assert.Contains("R <- S -> G <- D is blocked at G, a collider (S -> G <- D) with neither it nor a descendant observed", marginal.Explanation);

        var givenG = Net.AreIndependent<R, D>(typeof(G));
        Assert.False(givenG);
        Assert.Equal(["R", "S", "G", "D"], givenG.ActiveTrail!.Select(v => v.Name));
        Assert.Contains("G is a collider (S -> G <- D) and is observed", givenG.Explanation);

        var givenL = Net.AreIndependent<R, D>(typeof(L));
        Assert.False(givenL);
        Assert.Contains("with an observed descendant, L", givenL.Explanation);

        var givenS = Net.AreIndependent<R, L>(typeof(S));
        Assert.True(givenS);
        Assert.Contains("blocked at S, a fork (R <- S -> G) that is observed", givenS.Explanation);

        Assert.False(Net.AreIndependent<R, L>());
        Assert.True(Net.Do(G.g2).AreIndependent<R, G>());
    }

    [Fact]
    public void D_separation_agrees_with_the_numbers()
    {
        // R ⊥ D: P(R | d0) = P(R | d1). R not ⊥ D | g2: the two differ (explaining away).
        Assert.True(Net.Query<R>(D.d0).Equals(Net.Query<R>(D.d1), 1e-12));
        Assert.False(Net.Query<R>(D.d0, G.g2).Equals(Net.Query<R>(D.d1, G.g2), 1e-3));
    }

    [Fact]
    public void CPTs_learnt_by_counting_with_and_without_smoothing()
    {
        var data = Observations.Of(typeof(S), typeof(R));
        data.Add(S.s0, R.r0);
        data.Add(S.s0, R.r0);
        data.Add(S.s0, R.r1);
        data.Add(R.r1, S.s1);
        Assert.StartsWith("S   R\ns0  r0\ns0  r0\ns0  r1\ns1  r1", data.ToString());
        var ml = Cpt.Of<R>().Learn<S>(data);
        Assert.Equal(2.0 / 3, ml.Row(S.s0)[R.r0], 1e-15);
        Assert.Equal(0, ml.Row(S.s1)[R.r0]);
        // Laplace: (N(r, s) + 1) / (N(s) + 2).
        var smoothed = Cpt.Of<R>().Learn<S>(data, laplace: 1);
        Assert.Equal(3.0 / 5, smoothed.Row(S.s0)[R.r0], 1e-15);
        Assert.Equal(1.0 / 3, smoothed.Row(S.s1)[R.r0], 1e-15);
        Assert.Equal(0.75, Cpt.Of<S>().Learn(data).Table[S.s0], 1e-15);
    }

    [Fact]
    public void Learning_from_many_samples_recovers_the_CPTs()
    {
        var samples = Net.Sample(20_000, seed: 5);
        var learnt = Net.Learn(samples, laplace: 1);
        for (int i = 0; i < Net.Cpts.Count; i++)
        {
            var a = Net.Cpts[i].Table.Values;
            var b = learnt.Cpts[i].Table.Values;
            for (int k = 0; k < a.Length; k++) Assert.Equal(a[k], b[k], 0.06);
        }
    }

    [Fact]
    public void Network_and_CPT_printouts_name_states_and_descriptions()
    {
        var text = Net.ToString();
        Assert.Contains("Edges: S -> R, S -> G, D -> G, G -> L", text);
        Assert.Contains("P(G | S, D)\nS   D   | g0        g1        g2\ns0  d0  | 0.500000  0.300000  0.200000", text);
    }
}

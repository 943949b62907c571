using Edu.Sdk.Probability;

namespace BayesGrades;

/// <summary>Prints the A1 network, its sixteen queries, and the observational vs interventional comparison.</summary>
public static class Report
{
    /// <summary>Writes the report; <paramref name="quick"/> leaves out the step-by-step explanation, d-separation and sampling.</summary>
    public static void Write(TextWriter o, bool quick)
    {
        var net = GradesNetwork.Build();
        o.WriteLine(net);
        o.WriteLine();
        o.WriteLine("The sixteen queries of A1 (variable elimination, min-fill ordering):");
        void Show(FactorTable t) => o.WriteLine($"  {t.Label} = {t.ToCompactString()}");
        Show(net.Query<G>());
        Show(net.Query<G>(R.r1));
        Show(net.Query<G>(R.r0));
        Show(net.Query<G>(R.r1, S.s0));
        Show(net.Query<G>(R.r0, S.s0));
        Show(net.Query<R>(D.d1));
        Show(net.Query<R>(D.d0));
        Show(net.Query<R>(D.d1, G.g2));
        Show(net.Query<R>(D.d0, G.g2));
        Show(net.Query<R>(D.d1, L.l1));
        Show(net.Query<R>(D.d0, L.l1));
        var doG = net.Do(G.g2).Query<R>();
        var seeG = net.Query<R>(G.g2);
        var prior = net.Query<R>();
        Show(doG);
        Show(seeG);
        Show(prior);
        Show(net.Do(L.l1).Query<G>());
        o.WriteLine($"  P(G=g1 | l1) = {net.Query<G>(L.l1)[G.g1]:F6}");
        o.WriteLine();

        o.WriteLine("Seeing is not doing:");
        o.WriteLine($"  P(R | do(G=g2)) = {doG.ToCompactString()} equals P(R) = {prior.ToCompactString()}: setting the grade by intervention");
        o.WriteLine("  cuts the edges S -> G and D -> G: a forced grade says nothing about the student's preparation, and no trail");
        o.WriteLine("  is left between G and R (they are d-separated in the intervened graph).");
        o.WriteLine($"  P(R | g2) = {seeG.ToCompactString()} is higher: observing a top grade is evidence that the student prepared (S = s1),");
        o.WriteLine("  which raises the chance of passing the interview. Information flows backwards along G <- S -> R when we observe,");
        o.WriteLine("  but not when we intervene. Likewise P(G | do(L=l1)) = P(G): forcing someone onto the honours list does not change their grade.");
        var before = net.AreIndependent<R, G>();
        var after = net.Do(G.g2).AreIndependent<R, G>();
        o.WriteLine($"  d-separation: {before.Explanation}");
        o.WriteLine($"  after do(G=g2): {after.Explanation.Replace("\n", "\n  ", StringComparison.Ordinal)}");

        if (quick) return;
        o.WriteLine();
        o.WriteLine("How P(G | r1, s0) is computed:");
        o.WriteLine(net.Explain<G>(R.r1, S.s0));
        o.WriteLine();
        o.WriteLine("And P(R | do(G=g2)) in the intervened network:");
        o.WriteLine(net.Do(G.g2).Explain<R>());
        o.WriteLine();
        o.WriteLine("Independence questions:");
        foreach (var answer in new[] { net.AreIndependent<R, D>(), net.AreIndependent<R, D>(typeof(G)), net.AreIndependent<R, D>(typeof(L)), net.AreIndependent<R, L>(typeof(S)) })
            o.WriteLine("  " + answer.Explanation.Replace("\n", "\n  ", StringComparison.Ordinal));
        o.WriteLine();
        o.WriteLine("Sampling (seed 1):");
        var samples = net.Sample(20_000, seed: 1);
        o.WriteLine($"  ancestral sampling, 20000 samples, frequency of G given r1: {samples.Frequencies<G>(R.r1).ToCompactString()}");
        var lw = net.LikelihoodWeighting<R>(20_000, 1, D.d0, L.l1);
        o.WriteLine($"  likelihood weighting, P(R | d0, l1) ≈ {lw.Table.ToCompactString()} (effective sample size {lw.EffectiveSampleSize:F0})");
        var learnt = net.Learn(samples, laplace: 1);
        o.WriteLine("  the CPTs learnt back from the samples by counting (Laplace smoothing 1):");
        o.WriteLine("  " + learnt.CptOf<G>().ToString().Replace("\n", "\n  ", StringComparison.Ordinal));
    }
}

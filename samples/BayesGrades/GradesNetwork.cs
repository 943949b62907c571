using Edu.Sdk.Probability;

namespace BayesGrades;

/// <summary>The A1 network: S -> R, S -> G, D -> G, G -> L, with the assignment's CPTs.</summary>
public static class GradesNetwork
{
    /// <summary>Builds the network; rows of P(G | S, D) are (s0,d0), (s0,d1), (s1,d0), (s1,d1), as the assignment lists them.</summary>
    public static BayesNet Build() => BayesNet.From(
        Cpt.Of<S>(0.2, 0.8),
        Cpt.Of<D>(0.9, 0.1),
        Cpt.Of<R>().Given<S>(
            [0.9, 0.1],
            [0.2, 0.8]),
        Cpt.Of<G>().Given<S, D>(
            [0.5, 0.3, 0.2],
            [0.9, 0.08, 0.02],
            [0.1, 0.2, 0.7],
            [0.3, 0.4, 0.3]),
        Cpt.Of<L>().Given<G>(
            [0.9, 0.1],
            [0.6, 0.4],
            [0.01, 0.99]));
}

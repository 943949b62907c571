using Edu.Sdk.Probability;

namespace Edu.Sdk.Tests.Probability;

// Assignment A1's variables, declared in the test so the tests depend on the SDK only.
public enum S { s0, s1 }
public enum D { d0, d1 }
public enum R { r0, r1 }
public enum G { g0, g1, g2 }
public enum L { l0, l1 }

/// <summary>The A1 network through the SDK, and the same CPTs as plain arrays for the independent computations.</summary>
public static class A1Network
{
    public static readonly double[] PS = [0.2, 0.8];
    public static readonly double[] PD = [0.9, 0.1];
    public static readonly double[,] PR = { { 0.9, 0.1 }, { 0.2, 0.8 } };                   // [s, r]
    public static readonly double[,,] PG =                                                   // [s, d, g]
    {
        { { 0.5, 0.3, 0.2 }, { 0.9, 0.08, 0.02 } },
        { { 0.1, 0.2, 0.7 }, { 0.3, 0.4, 0.3 } },
    };
    public static readonly double[,] PL = { { 0.9, 0.1 }, { 0.6, 0.4 }, { 0.01, 0.99 } };  // [g, l]

    public static BayesNet Build() => BayesNet.From(
        Cpt.Of<S>(0.2, 0.8),
        Cpt.Of<D>(0.9, 0.1),
        Cpt.Of<R>().Given<S>([0.9, 0.1], [0.2, 0.8]),
        Cpt.Of<G>().Given<S, D>([0.5, 0.3, 0.2], [0.9, 0.08, 0.02], [0.1, 0.2, 0.7], [0.3, 0.4, 0.3]),
        Cpt.Of<L>().Given<G>([0.9, 0.1], [0.6, 0.4], [0.01, 0.99]));

    // Axis positions in an assignment a = [s, d, r, g, l].
    public const int iS = 0, iD = 1, iR = 2, iG = 3, iL = 4;
    static readonly int[] Card = [2, 2, 2, 3, 2];

    /// <summary>
    /// Brute force over the 48 joint assignments with plain nested loops: P(target | evidence), in the network
    /// where each (variable, value) of <paramref name="interventions"/> has its CPT replaced by a point mass.
    /// </summary>
    public static double[] Brute(int target, (int Var, int Value)[] evidence, params (int Var, int Value)[] interventions)
    {
        var result = new double[Card[target]];
        var a = new int[5];
        for (a[0] = 0; a[0] < 2; a[0]++)
            for (a[1] = 0; a[1] < 2; a[1]++)
                for (a[2] = 0; a[2] < 2; a[2]++)
                    for (a[3] = 0; a[3] < 3; a[3]++)
                        for (a[4] = 0; a[4] < 2; a[4]++)
                        {
                            if (evidence.Any(e => a[e.Var] != e.Value)) continue;
                            double Factor(int v, double p) =>
                                interventions.Any(d => d.Var == v) ? (interventions.First(d => d.Var == v).Value == a[v] ? 1 : 0) : p;
                            double joint = Factor(iS, PS[a[0]]) * Factor(iD, PD[a[1]]) * Factor(iR, PR[a[0], a[2]])
                                         * Factor(iG, PG[a[0], a[1], a[3]]) * Factor(iL, PL[a[3], a[4]]);
                            result[a[target]] += joint;
                        }
        double z = result.Sum();
        return result.Select(x => x / z).ToArray();
    }
}

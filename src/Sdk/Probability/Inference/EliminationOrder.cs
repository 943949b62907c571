using System.Numerics;

namespace Edu.Sdk.Probability;

/// <summary>
/// Greedy elimination ordering on the interaction graph (variables joined when they share a factor). Adjacency is
/// kept as bitsets, so scoring a candidate costs a few word operations per neighbour: the ordering of a 40-variable
/// grid takes microseconds.
/// </summary>
internal static class EliminationOrder
{
    /// <param name="n">Number of variables (ids 0..n-1).</param>
    /// <param name="scopes">The variable ids of each factor.</param>
    /// <param name="hidden">The ids to eliminate.</param>
    /// <param name="cardinality">The cardinality of each id.</param>
    /// <param name="heuristic">The greedy score.</param>
    public static int[] Compute(int n, IEnumerable<int[]> scopes, IReadOnlyList<int> hidden, Func<int, int> cardinality, EliminationHeuristic heuristic)
    {
        int words = (n + 63) >> 6;
        var adj = new ulong[n * words];
        foreach (var s in scopes)
            foreach (int a in s)
                foreach (int b in s)
                    if (a != b) adj[a * words + (b >> 6)] |= 1UL << (b & 63);
        var remaining = new List<int>(hidden);
        var order = new int[remaining.Count];
        var nbrs = new List<int>();
        for (int step = 0; step < order.Length; step++)
        {
            int best = -1, bestIndex = -1;
            double bestScore = double.PositiveInfinity, bestWeight = double.PositiveInfinity;
            for (int i = 0; i < remaining.Count; i++)
            {
                int v = remaining[i];
                Neighbours(adj, words, v, nbrs);
                double weight = cardinality(v);
                foreach (int u in nbrs) weight *= cardinality(u);
                double score = heuristic switch
                {
                    EliminationHeuristic.MinFill => Fill(adj, words, v, nbrs),
                    EliminationHeuristic.MinWeight => weight,
                    _ => nbrs.Count,
                };
                // Ties go to the smaller factor, then to the lower id, so the order is deterministic.
                if (score < bestScore || (score == bestScore && weight < bestWeight))
                {
                    (best, bestIndex, bestScore, bestWeight) = (v, i, score, weight);
                }
            }
            order[step] = best;
            remaining.RemoveAt(bestIndex);
            Neighbours(adj, words, best, nbrs);
            // Eliminating v joins all its neighbours into one factor: connect them, then drop v.
            foreach (int a in nbrs)
            {
                for (int w = 0; w < words; w++) adj[a * words + w] |= adj[best * words + w];
                adj[a * words + (a >> 6)] &= ~(1UL << (a & 63));
                adj[a * words + (best >> 6)] &= ~(1UL << (best & 63));
            }
            Array.Clear(adj, best * words, words);
        }
        return order;
    }

    static void Neighbours(ulong[] adj, int words, int v, List<int> into)
    {
        into.Clear();
        for (int w = 0; w < words; w++)
        {
            ulong bits = adj[v * words + w];
            while (bits != 0)
            {
                into.Add((w << 6) + BitOperations.TrailingZeroCount(bits));
                bits &= bits - 1;
            }
        }
    }

    /// <summary>The number of pairs of neighbours of v that are not yet adjacent: the edges eliminating v would add.</summary>
    static int Fill(ulong[] adj, int words, int v, List<int> nbrs)
    {
        int missing = 0;
        foreach (int a in nbrs)
            for (int w = 0; w < words; w++)
                missing += BitOperations.PopCount(adj[v * words + w] & ~adj[a * words + w]);
        // Each neighbour a counts itself (a is v's neighbour but not its own), and each missing pair twice.
        return (missing - nbrs.Count) / 2;
    }
}

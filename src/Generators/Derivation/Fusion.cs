using System.Collections.Generic;
using System.Linq;
using Edu.Sdk.Generators.Model;

namespace Edu.Sdk.Generators.Derivation
{
    /// <summary>
    /// Rewrites chains the SDK has one kernel for, when the intermediate values are unnamed and used once:
    /// act(x·w + b) becomes one MatMulAdd (one GEMM onto the bias rows, the activation in the same pass; its backward
    /// fuses the activation derivative with the bias-gradient row sums), and −mean(Σ_k t ⊙ log_softmax(z)) becomes one
    /// softmax cross-entropy (whose backward is (p − t)/N).
    /// </summary>
    internal static class Fusion
    {
        /// <summary>Fuses <paramref name="g"/>; a name it invents (the probabilities <c>p</c>) is none of <paramref name="reserved"/> nor the graph's.</summary>
        public static void Run(Graph g, IEnumerable<string> reserved)
        {
            FuseLinear(g);
            FuseCrossEntropy(g);
            NameProbabilities(g, reserved);
        }

        /// <summary>
        /// Names the softmax each fused cross-entropy keeps for the backward (<c>p</c>, or <c>p_2</c> when taken): both
        /// the ones fused above and the <c>cross_entropy(z, t)</c> calls the parser made fused nodes already.
        /// </summary>
        static void NameProbabilities(Graph g, IEnumerable<string> reserved)
        {
            foreach (var n in g.Nodes.Values.Where(n => n.Op == Op.SoftmaxCrossEntropy && n.Attr(0).Length == 0).ToList())
            {
                var taken = new HashSet<string>(reserved.Concat(g.Names()));
                g.Replace(n with { Attrs = new[] { Naming.Unique("p", taken), n.Attr(1) }.ToEquatableArray() });
            }
        }

        static void FuseLinear(Graph g)
        {
            var reachable = g.Reachable();
            var consumers = g.Consumers(reachable);
            foreach (int id in g.Nodes.Keys.ToList())
            {
                if (!g.Nodes.TryGetValue(id, out var add) || add.Op != Op.Add || !reachable.Contains(id)) continue;
                int mm = -1, bias = -1;
                for (int side = 0; side < 2; side++)
                {
                    var candidate = g[add.Args[side]];
                    if (candidate.Op == Op.MatMul && !candidate.Named && consumers[candidate.Id].Count == 1)
                    {
                        mm = candidate.Id;
                        bias = add.Args[1 - side];
                        break;
                    }
                }
                if (mm < 0) continue;
                var product = g[mm];
                // The activation joins when the sum is unnamed and feeds only it.
                ValueNode? act = null;
                if (!add.Named && consumers[id].Count == 1 && id != g.ReturnId)
                {
                    var c = g[consumers[id][0]];
                    if (c.Op is Op.Relu or Op.Sigmoid or Op.Tanh) act = c;
                }
                var target = act ?? add;
                string activation = act?.Op.ToString() ?? "None";
                g.Replace(target with
                {
                    Op = Op.MatMulAdd,
                    Args = new[] { product.Args[0], product.Args[1], bias }.ToEquatableArray(),
                    Attrs = new[] { activation, product.Attr(0), product.Attr(1), act is null ? "" : add.Name }.ToEquatableArray(),
                    Text = target.Text,
                });
                g.Remove(mm);
                if (act is not null) g.Remove(id);
                reachable = g.Reachable();
                consumers = g.Consumers(reachable);
            }
        }

        static void FuseCrossEntropy(Graph g)
        {
            var reachable = g.Reachable();
            var consumers = g.Consumers(reachable);
            var varied = g.Varied();
            foreach (int id in g.Nodes.Keys.ToList())
            {
                if (!g.Nodes.TryGetValue(id, out var top) || !reachable.Contains(id)) continue;
                // Accepted spellings: −(t ⊙ log_softmax(z, d)).sum(d).mean(), (−(t ⊙ ...).sum(d)).mean(), (−(t ⊙ ...)).sum(d).mean().
                var chain = new List<int>();
                ValueNode? Next(ValueNode current)
                {
                    if (current.Args.Count != 1) return null;
                    var arg = g[current.Args[0]];
                    if (arg.Named || consumers[arg.Id].Count != 1) return null;
                    chain.Add(arg.Id);
                    return arg;
                }
                int negations = 0;
                ValueNode? n = top;
                if (n.Op == Op.Neg) { negations++; n = Next(n); }
                if (n is null || n.Op != Op.Mean) continue;
                n = Next(n);
                if (n is { Op: Op.Neg }) { negations++; n = Next(n); }
                if (n is null || n.Op != Op.SumDim || n.Attr(1) != "false") continue;
                string dim = n.Attr(0);
                n = Next(n);
                if (n is { Op: Op.Neg }) { negations++; n = Next(n); }
                if (n is null || n.Op != Op.Mul || negations != 1 || dim is not ("1" or "-1")) continue;
                int ls = -1, t = -1;
                for (int side = 0; side < 2; side++)
                {
                    var c = g[n.Args[side]];
                    if (c.Op == Op.LogSoftmax && c.Attr(0) == dim && !c.Named && consumers[c.Id].Count == 1) { ls = c.Id; t = n.Args[1 - side]; }
                }
                if (ls < 0 || varied.Contains(t)) continue;
                int z = g[ls].Args[0];
                foreach (int absorbed in chain) g.Remove(absorbed);
                g.Remove(ls);
                // The probabilities' name is given with the parser's cross_entropy nodes, by NameProbabilities.
                g.Replace(top with
                {
                    Op = Op.SoftmaxCrossEntropy,
                    Args = new[] { z, t }.ToEquatableArray(),
                    Attrs = new[] { "" }.ToEquatableArray(),
                });
                reachable = g.Reachable();
                consumers = g.Consumers(reachable);
                varied = g.Varied();
            }
        }
    }
}

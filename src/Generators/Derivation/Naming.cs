using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Edu.Sdk.Generators.Model;
using Microsoft.CodeAnalysis.CSharp;

namespace Edu.Sdk.Generators.Derivation
{
    /// <summary>
    /// Names the values the source left unnamed, from the named ones around them: the pre-activation of h1 is a1,
    /// the product of x and w1 is x_w1, the sum that makes y is y_sum; the returned value is y. No tmp17.
    /// </summary>
    internal static class Naming
    {
        static readonly Regex s_hidden = new Regex(@"^h(\d*|_\w+)$");

        public static void Run(Graph g, IEnumerable<string> reserved)
        {
            var taken = new HashSet<string>(reserved);
            foreach (var n in g.Nodes.Values) if (n.Named) taken.Add(n.Name);
            var ret = g[g.ReturnId];
            if (!ret.Named) g.Replace(ret with { Name = Unique("y", taken), Named = true });

            var reachable = g.Reachable();
            var consumers = g.Consumers(reachable);
            ValueNode? ConsumerOf(int id) => consumers[id].Count > 0 ? g[consumers[id].Min()] : null;
            // 1. Pre-activations, from the activation's name: h1 = relu(a1).
            foreach (int id in g.Nodes.Keys.Reverse().ToList())
            {
                var n = g[id];
                if (n.Name.Length > 0 || ConsumerOf(id) is not { Op: Op.Relu or Op.Sigmoid or Op.Tanh } act || act.Name.Length == 0) continue;
                var m = s_hidden.Match(act.Name);
                g.Replace(n with { Name = Unique(m.Success ? "a" + m.Groups[1].Value : act.Name + "_pre", taken) });
            }
            // 2. Short names from the operands: x_w1 for x·w1, tanh_x, g_x for g ⊙ x, one_minus_g.
            foreach (int id in g.Nodes.Keys.ToList())
            {
                var n = g[id];
                if (n.Name.Length > 0 || Graph.IsLeaf(n)) continue;
                var candidate = FromOperands(g, n);
                if (candidate is not null && candidate.Length <= 14) g.Replace(n with { Name = Unique(candidate, taken) });
            }
            // 3. The rest, from the value that uses them: y_sum, y_prod.
            foreach (int id in g.Nodes.Keys.Reverse().ToList())
            {
                var n = g[id];
                if (n.Name.Length > 0) continue;
                var consumer = ConsumerOf(id);
                g.Replace(n with { Name = Unique((consumer?.Name ?? "v") + "_" + Short(n.Op), taken) });
            }
        }

        static string? FromOperands(Graph g, ValueNode n)
        {
            if (n.Args.Any(a => g[a].Name.Length == 0)) return null;
            string A(int i) => g[n.Args[i]].Name;
            return n.Op switch
            {
                Op.MatMul or Op.Mul => A(0) + "_" + A(1),
                Op.Add => A(0) + "_plus_" + A(1),
                Op.Sub => A(0) + "_minus_" + A(1),
                Op.Div => A(0) + "_over_" + A(1),
                Op.ScalarSub when n.Attr(0) is "1.0" or "1" => "one_minus_" + A(0),
                Op.Neg => "neg_" + A(0),
                Op.Exp or Op.Log or Op.Sqrt or Op.Tanh or Op.Sigmoid or Op.Relu or Op.Softmax => Short(n.Op) + "_" + A(0),
                Op.Transpose => A(0) + "T",
                Op.Detach => A(0) + "_detached",
                Op.Flatten => A(0) + "_flat",
                Op.Reshape => A(0) + "_view",
                Op.LayerCall => n.Attr(0).Replace("[", "_").Replace("]", "") + "_out",
                _ => null,
            };
        }

        static string Short(Op op) => op switch
        {
            Op.Add or Op.AddScalar => "sum",
            Op.Sub or Op.SubScalar or Op.ScalarSub => "diff",
            Op.Mul or Op.MulScalar => "prod",
            Op.Div or Op.DivScalar or Op.ScalarDiv => "ratio",
            Op.Neg => "neg",
            Op.Pow => "pow",
            Op.Exp => "exp",
            Op.Log => "log",
            Op.Sqrt => "sqrt",
            Op.Relu => "relu",
            Op.Sigmoid => "sigmoid",
            Op.Tanh => "tanh",
            Op.Softmax => "softmax",
            Op.LogSoftmax => "logp",
            Op.Sum or Op.SumDim => "total",
            Op.Mean or Op.MeanDim => "mean",
            Op.MatMul => "mm",
            Op.Transpose => "T",
            Op.Reshape => "view",
            Op.Flatten => "flat",
            Op.Conv2d => "conv",
            Op.MaxPool2d or Op.AdaptiveMaxPool2d => "pool",
            Op.Cat => "cat",
            _ => "v",
        };

        public static string Unique(string name, HashSet<string> taken)
        {
            string candidate = name;
            for (int i = 2; taken.Contains(candidate) || SyntaxFacts.GetKeywordKind(candidate) != SyntaxKind.None; i++)
                candidate = name + "_" + i.ToString(CultureInfo.InvariantCulture);
            taken.Add(candidate);
            return candidate;
        }
    }
}

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
            foreach (int id in g.Nodes.Keys.Reverse().ToList())
            {
                var n = g[id];
                if (n.Named) continue;
                var consumer = consumers[id].Count > 0 ? g[consumers[id].Min()] : null;
                g.Replace(n with { Name = Unique(Candidate(g, n, consumer), taken), Named = false });
            }
        }

        static string Candidate(Graph g, ValueNode n, ValueNode? consumer)
        {
            if (consumer is not null && consumer.Op is Op.Relu or Op.Sigmoid or Op.Tanh)
            {
                var m = s_hidden.Match(consumer.Name);
                return m.Success ? "a" + m.Groups[1].Value : consumer.Name + "_pre";
            }
            if (n.Op == Op.MatMul && n.Args.All(a => g[a].Name.Length > 0))
                return g[n.Args[0]].Name + "_" + g[n.Args[1]].Name;
            string owner = consumer?.Name ?? "v";
            return owner + "_" + Short(n.Op);
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

using System.Collections.Generic;
using System.Linq;
using Edu.Sdk.Generators.Model;

namespace Edu.Sdk.Generators.Derivation
{
    /// <summary>
    /// The forward graph being prepared for emission: nodes by id (some removed by fusion), who uses whom, which
    /// nodes reach the output, and which carry a gradient (depend on a parameter or a differentiable input).
    /// </summary>
    internal sealed class Graph
    {
        public readonly SortedDictionary<int, ValueNode> Nodes;
        public int ReturnId;

        /// <summary>The graph of each loop's body, by the loop node's id.</summary>
        public readonly Dictionary<int, Graph> Bodies = new Dictionary<int, Graph>();

        /// <summary>For a loop body: its carried input (<see cref="Op.LoopIn"/>); -1 for the method's graph.</summary>
        public readonly int InputId = -1;

        public Graph(IEnumerable<ValueNode> nodes, int returnId, int inputId = -1)
        {
            Nodes = new SortedDictionary<int, ValueNode>(nodes.ToDictionary(n => n.Id));
            ReturnId = returnId;
            InputId = inputId;
            foreach (var n in Nodes.Values)
                if (n.Body is { } body) Bodies[n.Id] = new Graph(body.Nodes, body.ReturnId, body.InputId);
        }

        public ValueNode this[int id] => Nodes[id];

        public static bool IsLeaf(ValueNode n) => n.Op is Op.Input or Op.Param or Op.Constant or Op.LoopIn or Op.Outer;

        /// <summary>
        /// The nodes the output depends on; with <paramref name="throughDetach"/> false, only those a gradient can flow
        /// back to (what only a <c>detach()</c> reads is left out: it gives no part to the values it reads).
        /// </summary>
        public HashSet<int> Reachable(bool throughDetach = true)
        {
            var seen = new HashSet<int>();
            var stack = new Stack<int>();
            stack.Push(ReturnId);
            while (stack.Count > 0)
            {
                int id = stack.Pop();
                if (!seen.Add(id) || (!throughDetach && Nodes[id].Op == Op.Detach)) continue;
                foreach (int a in Nodes[id].Args) stack.Push(a);
            }
            return seen;
        }

        /// <summary>For each node, its consumers among <paramref name="among"/> (one entry per argument slot).</summary>
        public Dictionary<int, List<int>> Consumers(HashSet<int> among)
        {
            var uses = Nodes.Keys.ToDictionary(k => k, _ => new List<int>());
            foreach (var n in Nodes.Values)
                if (among.Contains(n.Id))
                    foreach (int a in n.Args) uses[a].Add(n.Id);
            return uses;
        }

        /// <summary>Nodes whose value depends on a parameter or a differentiable input: the only ones with an adjoint.</summary>
        public HashSet<int> Varied()
        {
            var varied = new HashSet<int>();
            foreach (var n in Nodes.Values)
            {
                bool v = n.Op switch
                {
                    Op.Param => true,
                    Op.Input => n.Attr(1) == "diff",
                    Op.Constant or Op.Detach => false,
                    // A sub-layer has parameters of its own, and a loop runs sub-layers: both always carry a gradient.
                    Op.LoopIn or Op.LayerCall or Op.Loop => true,
                    Op.Outer => n.Attr(1) == "diff",
                    _ => n.Args.Any(varied.Contains),
                };
                if (v) varied.Add(n.Id);
            }
            return varied;
        }

        /// <summary>The names this graph's values take in generated code: the nodes', and the probabilities each fused cross-entropy keeps.</summary>
        public IEnumerable<string> Names() =>
            Nodes.Values.Select(n => n.Name).Concat(Nodes.Values.Where(n => n.Op == Op.SoftmaxCrossEntropy).Select(n => n.Attr(0)));

        public void Replace(ValueNode node) => Nodes[node.Id] = node;

        public void Remove(int id) => Nodes.Remove(id);
    }
}

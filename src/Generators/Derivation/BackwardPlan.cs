using System.Collections.Generic;
using System.Linq;

namespace Edu.Sdk.Generators.Derivation
{
    /// <summary>One line of the generated backward: code, the derivative it implements, and what it reads and defines.</summary>
    internal sealed class BackwardStatement
    {
        public string Code = "";
        public readonly List<string> Comments = new List<string>();
        /// <summary>A comment-only line naming the forward statement the following lines differentiate.</summary>
        public bool IsHeader;
        public string? Defines;
        public readonly List<string> Uses = new List<string>();
        public bool WritesParameter;
        /// <summary>
        /// For a sub-layer's backward whose result is only needed for dL/d(input): the call that adds the sub-layer's
        /// parameter gradients alone (<c>first.backward_parameters(g);</c>), used when input gradients are not asked.
        /// </summary>
        public string? ParametersOnly;
        /// <summary>With <see cref="ParametersOnly"/>: the full call, whose value <see cref="Defines"/> takes.</summary>
        public string? Value;
    }

    /// <summary>The derived backward: its statements in order, the forward values it needs kept, and what it returns.</summary>
    internal sealed class BackwardPlan
    {
        public readonly List<BackwardStatement> Statements = new List<BackwardStatement>();
        /// <summary>Forward node ids the backward reads (kept in fields by the training forward), with the first derivative that needs each.</summary>
        public readonly Dictionary<int, string> Saved = new Dictionary<int, string>();
        /// <summary>Extra forward values (the fused cross-entropy's softmax), by name, with what needs them.</summary>
        public readonly Dictionary<string, string> SavedExtra = new Dictionary<string, string>();
        public string OutputAdjoint = "dL_dy";
        /// <summary>For each input, the expression of its gradient (null for non-differentiable inputs).</summary>
        public readonly List<string?> Returns = new List<string?>();
        public bool ScalarOutput;
        /// <summary>For a loop body: the gradient of its carried input, handed to the previous iteration.</summary>
        public string? InputAdjoint;
        /// <summary>The plan of each loop's body, by the loop node's id (what each iteration keeps, in lists).</summary>
        public readonly Dictionary<int, BackwardPlan> Bodies = new Dictionary<int, BackwardPlan>();

        /// <summary>
        /// Everything the training forward keeps for this plan, with what needs it: <see cref="Saved"/> in forward
        /// order, then <see cref="SavedExtra"/>. One list for the fields, the lists of a loop body and the forward's
        /// stores, so that a kept value is never declared in one place and forgotten in another.
        /// </summary>
        public List<(string Name, string Why)> Kept(Graph g) =>
            Saved.OrderBy(k => k.Key).Select(k => (g[k.Key].Name, k.Value))
                .Concat(SavedExtra.Select(k => (k.Key, k.Value))).ToList();
    }
}

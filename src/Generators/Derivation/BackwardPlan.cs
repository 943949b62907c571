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
        /// <summary>
        /// The numbers the backward reads that are not constants (<c>x * scale</c>, <c>pow(x, P())</c>), by forward
        /// node and attribute: the forward evaluates each once into a local and keeps it, so the backward uses the value
        /// the forward used, as the tape would, even if the expression would give another one when read again.
        /// </summary>
        public readonly Dictionary<(int Node, int Attr), KeptNumber> Numbers = new Dictionary<(int, int), KeptNumber>();
        public string OutputAdjoint = "dL_dy";
        /// <summary>For each input, the expression of its gradient (null for non-differentiable inputs).</summary>
        public readonly List<string?> Returns = new List<string?>();
        public bool ScalarOutput;
        /// <summary>For a loop body: the gradient of its carried input, handed to the previous iteration.</summary>
        public string? InputAdjoint;
        /// <summary>The plan of each loop's body, by the loop node's id (what each iteration keeps, in lists).</summary>
        public readonly Dictionary<int, BackwardPlan> Bodies = new Dictionary<int, BackwardPlan>();

        /// <summary>
        /// Everything the training forward keeps for this plan, with its type and what needs it: <see cref="Saved"/> in
        /// forward order, then <see cref="SavedExtra"/>, then <see cref="Numbers"/>. One list for the fields, the lists
        /// of a loop body and the forward's stores, so that a kept value is never declared in one place and forgotten
        /// in another.
        /// </summary>
        public List<KeptValue> Kept(Graph g) =>
            Saved.OrderBy(k => k.Key).Select(k => new KeptValue(g[k.Key].Name, KeptValue.Tensor, k.Value))
                .Concat(SavedExtra.Select(k => new KeptValue(k.Key, KeptValue.Tensor, k.Value)))
                .Concat(Numbers.OrderBy(k => k.Key).Select(k => new KeptValue(k.Value.Local, k.Value.Type, k.Value.Why)))
                .ToList();
    }

    /// <summary>A number the forward evaluates once for the backward: the local it is read into, its C# type, its text in the source, and what needs it.</summary>
    internal sealed record KeptNumber(string Local, string Type, string Text, string Why);

    /// <summary>One value the training forward keeps for the backward: the forward's local, its C# type, and what needs it.</summary>
    internal readonly record struct KeptValue(string Name, string Type, string Why)
    {
        public const string Tensor = "Tensor";
        public bool IsTensor => Type == Tensor;
        /// <summary>What a field or list entry holds where the forward kept nothing (a branch not taken): null for a tensor, zero for a number.</summary>
        public string Empty => IsTensor ? "null!" : "default";
    }
}

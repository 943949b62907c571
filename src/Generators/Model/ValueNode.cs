namespace Edu.Sdk.Generators.Model
{
    /// <summary>
    /// One value of the forward: the op that makes it, its tensor arguments (ids of earlier nodes), op-specific
    /// attributes as C# text, its name (from the source, or derived later), and the source line it comes from.
    /// </summary>
    internal sealed record ValueNode(
        int Id,
        Op Op,
        EquatableArray<int> Args,
        EquatableArray<string> Attrs,
        string Name,
        bool Named,
        int Line,
        string Text)
    {
        public string Attr(int i) => i < Attrs.Count ? Attrs[i] : "";

        /// <summary>For <see cref="Op.Loop"/>: the body, a graph of its own run once per element.</summary>
        public LoopBody? Body { get; init; }
    }

    /// <summary>
    /// The body of a loop over sub-layers: <c>foreach (var d in hidden) h = d.Model(h);</c> or the indexed
    /// <c>for (int i = 0; i &lt; hidden.Length; i++) h = hidden[i].Model(h);</c>. Its graph reads the carried value
    /// (<see cref="Op.LoopIn"/>, <see cref="InputId"/>), values from around it (<see cref="Outer"/>), parameters, constants
    /// and the element, and makes the carried
    /// value's next value (<see cref="ReturnId"/>).
    /// </summary>
    internal sealed record LoopBody(
        string Collection,
        string CountMember,
        string Element,
        string ElementType,
        string Index,
        EquatableArray<ValueNode> Nodes,
        int InputId,
        int ReturnId)
    {
        /// <summary>
        /// Non-empty for an <c>if</c> on a non-tensor value (C# text of the condition, negated for an <c>else</c>): the
        /// body runs at most once, the forward records whether it ran and the backward replays the same branch.
        /// </summary>
        public string Condition { get; init; } = "";

        /// <summary>
        /// The arm's own condition, in parentheses unless it is one name, member or call (an operand of <c>&amp;&amp;</c>);
        /// empty for an <c>else</c>. The first arm's <see cref="Condition"/> is its own as written.
        /// </summary>
        public string Test { get; init; } = "";

        /// <summary>
        /// True when the arm's condition declares a variable (<c>subs is { Length: var n }</c>, <c>out var k</c>) that
        /// the arm may read: the forward then tests the condition in the <c>if</c> itself, where C# knows it assigned.
        /// </summary>
        public bool DeclaresVariables { get; init; }

        /// <summary>
        /// The nodes of the earlier arms of the same <c>if</c>, in the same graph: this arm runs only when none of them
        /// ran. Empty for the first arm.
        /// </summary>
        public EquatableArray<int> EarlierArms { get; init; }

        /// <summary>The local holding an iteration's workspace in the generated loops (<c>ws</c>, unless the class or method uses that name).</summary>
        public string Workspace { get; init; } = "ws";

        /// <summary>True for the branch of an <c>if</c>, false for a loop over sub-layers.</summary>
        public bool IsBranch => Condition.Length > 0;

        /// <summary>
        /// An empty arm before others (<c>if (frozen) { } else h = relu(h);</c>): it makes no value, and only its record
        /// (whether it ran, so the arms after it do not) is written.
        /// </summary>
        public bool IsEmptyArm => IsBranch && InputId == ReturnId;

        /// <summary>
        /// The body's <see cref="Op.Outer"/> leaves, in the order of the loop or branch node's arguments after the first:
        /// leaf k reads the enclosing value <c>Args[k + 1]</c>.
        /// </summary>
        public EquatableArray<int> Outer { get; init; }
    }
}

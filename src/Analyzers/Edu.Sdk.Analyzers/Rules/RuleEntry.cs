namespace Edu.Sdk.Analyzers.Rules
{
    /// <summary>Which diagnostic a ban reports: the three kinds of a mode's preset, or a line of the teacher's file.</summary>
    internal enum RuleCategory
    {
        /// <summary>The autograd tape (EDU0001).</summary>
        Tape,
        /// <summary>Model-building modules (EDU0002).</summary>
        Modules,
        /// <summary>Generated backwards (EDU0003).</summary>
        GeneratedBackward,
        /// <summary>A line of assignment.rules (EDU0004).</summary>
        File,
    }

    /// <summary>What a rule's target designates.</summary>
    internal enum TargetKind
    {
        /// <summary>A documentation-comment ID of one symbol (with its parameter list for a method).</summary>
        Exact,
        /// <summary>A member ID without a parameter list: every overload of that name.</summary>
        AnyOverload,
        /// <summary><c>T:X</c>: a type, its members and its nested types.</summary>
        Type,
        /// <summary><c>derived T:X</c>: a type and every type deriving from it, with their members.</summary>
        Derived,
        /// <summary><c>N:X</c>: the types of namespace X (not its sub-namespaces), with their members and nested types.</summary>
        Namespace,
        /// <summary><c>N:X.*</c> or <c>T:X.*</c>: everything whose namespace or containing type is X or lies under it.</summary>
        Wildcard,
        /// <summary><c>generated-backward</c>: the backward the [Layer] generator writes (backward, backward_parameters, call).</summary>
        GeneratedBackward,
    }

    /// <summary>Where a rule comes from: the project's mode, a <c>preset</c> line of the rules file, or a line of it.</summary>
    internal sealed record RuleOrigin(string? Mode, int Line, string? Path);

    /// <summary>
    /// One <c>ban</c> or <c>allow</c>. <see cref="Key"/> is normalised for lookup: the full ID for
    /// <see cref="TargetKind.Exact"/>, <c>M:Type.name</c> for <see cref="TargetKind.AnyOverload"/>, the dotted
    /// qualified name (no prefix) for types, namespaces and wildcards. <see cref="Order"/> breaks ties: later wins.
    /// </summary>
    internal sealed record RuleEntry(bool Ban, TargetKind Kind, string Key, string Text, RuleCategory Category, string? Message, RuleOrigin Origin, int Order);
}

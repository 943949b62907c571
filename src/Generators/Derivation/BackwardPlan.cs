using System.Collections.Generic;

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
    }
}

using System.Collections.Generic;
using Edu.Sdk.Generators.Emit;

namespace Edu.Sdk.Generators.Derivation
{
    /// <summary>Writes backward statements: a blank line and the forward statement before each group, one comment per adjoint line.</summary>
    internal static class StatementWriter
    {
        /// <summary>
        /// Writes <paramref name="statements"/>; those defining one of <paramref name="definedButUnneeded"/> compute it
        /// only when the backward's flag <paramref name="inputGradients"/> (its name in the generated code) asks for dL/d(input).
        /// With <paramref name="blankBeforeFirstHeader"/> false (at the top of a block) no blank line precedes the first header.
        /// </summary>
        public static void Write(IndentedWriter w, List<BackwardStatement> statements, ISet<string>? definedButUnneeded = null, string inputGradients = "",
            bool blankBeforeFirstHeader = true)
        {
            bool first = true;
            for (int i = 0; i < statements.Count; i++)
            {
                var s = statements[i];
                if (s.IsHeader)
                {
                    // A header with nothing under it (everything moved after the input-gradient guard) is left out.
                    if (i + 1 == statements.Count || statements[i + 1].IsHeader) continue;
                    if (!first || blankBeforeFirstHeader) w.Line();
                    first = false;
                    foreach (var c in s.Comments) w.Line("// " + c);
                    continue;
                }
                first = false;
                foreach (var c in s.Comments) w.Line("// " + c);
                if (s.ParametersOnly is not null && s.Defines is not null && definedButUnneeded is not null && definedButUnneeded.Contains(s.Defines))
                {
                    // The sub-layer's input gradient serves only dL/d(input): skip it when not asked.
                    w.Line($"Tensor {s.Defines} = null!;");
                    w.Line($"if ({inputGradients}) {s.Defines} = {s.Value};");
                    w.Line($"else {s.ParametersOnly}");
                    continue;
                }
                foreach (var line in s.Code.Split('\n')) w.Line(line);
            }
        }
    }
}

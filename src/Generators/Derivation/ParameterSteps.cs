using System.Collections.Generic;
using System.Linq;
using Edu.Sdk.Generators.Emit;

namespace Edu.Sdk.Generators.Derivation
{
    /// <summary>
    /// Orders the backward so that an SGD made with <c>step_in_backward: true</c> can update a parameter where its
    /// gradient is computed (<c>GradOrStepOf(w)</c>): the plain parameter-gradient statements (a GEMM or a row sum into
    /// <c>GradOf(p)</c>) go after every other statement, dL/d(input) included, and a parameter that none of them reads
    /// as a value gets <c>GradOrStepOf</c>. Moving them is safe: they define nothing, and nothing after them redefines
    /// what they read. A parameter that is also written by another kind of statement (a fused bias inside an
    /// activation's backward, a loop, a sub-layer) keeps <c>GradOf</c> everywhere.
    /// </summary>
    internal sealed class ParameterSteps
    {
        ParameterSteps(List<BackwardStatement> remaining, List<BackwardStatement> moved, List<BackwardStatement> input, List<string> hoisted)
        {
            Remaining = remaining;
            Moved = moved;
            Input = input;
            Hoisted = hoisted;
        }

        /// <summary>The statements of the parameters' part that stay in place, in order, with their headers.</summary>
        public List<BackwardStatement> Remaining { get; }

        /// <summary>The moved parameter-gradient statements, with the headers of their forward statements.</summary>
        public List<BackwardStatement> Moved { get; }

        /// <summary>The input-gradient statements, those defining a returned gradient turned into assignments to <see cref="Hoisted"/>.</summary>
        public List<BackwardStatement> Input { get; }

        /// <summary>The returned input gradients the input part assigns: declared before it, null unless input gradients are asked.</summary>
        public List<string> Hoisted { get; }

        /// <summary>
        /// The new order of <paramref name="parameterPart"/> and <paramref name="inputPart"/>, or null when nothing moves
        /// (the backward is then written as before: parameters first, then the guard, then dL/d(input)).
        /// </summary>
        /// <param name="parameterPart">The statements the parameters' gradients need, in order (with headers).</param>
        /// <param name="inputPart">The statements only dL/d(input) needs, in order (with headers).</param>
        /// <param name="returns">The expression returned for each differentiable input.</param>
        /// <param name="ws">The workspace field's name in the generated code.</param>
        public static ParameterSteps? Plan(List<BackwardStatement> parameterPart, List<BackwardStatement> inputPart, IReadOnlyList<string> returns, string ws)
        {
            var all = parameterPart.Concat(inputPart).Where(s => !s.IsHeader).ToList();
            var movable = new HashSet<BackwardStatement>();
            for (int i = 0; i < all.Count; i++)
                if (ParameterOf(all[i], ws) is not null && !all.Skip(i + 1).Any(later => later.Defines is not null && all[i].Uses.Contains(later.Defines)))
                    movable.Add(all[i]);
            movable.RemoveWhere(s => !parameterPart.Contains(s));
            if (movable.Count == 0) return null;

            // A returned gradient the input part defines is assigned there instead, to a variable declared before it.
            var inputDefines = new HashSet<string>(inputPart.Where(s => s.Defines is not null).Select(s => s.Defines!));
            var hoisted = returns.Where(inputDefines.Contains).Distinct().ToList();
            var input = new List<BackwardStatement>();
            foreach (var s in inputPart)
            {
                if (s.Defines is null || !hoisted.Contains(s.Defines)) { input.Add(s); continue; }
                string declaration = $"var {s.Defines} = ";
                if (!s.Code.StartsWith(declaration, System.StringComparison.Ordinal)) return null;
                var assigned = new BackwardStatement { Code = s.Defines + " = " + s.Code.Substring(declaration.Length), Defines = s.Defines };
                assigned.Comments.AddRange(s.Comments);
                assigned.Uses.AddRange(s.Uses);
                input.Add(assigned);
            }

            var remaining = new List<BackwardStatement>();
            var moved = new List<BackwardStatement>();
            BackwardStatement? header = null, movedHeader = null;
            foreach (var s in parameterPart)
            {
                if (s.IsHeader) { header = s; remaining.Add(s); continue; }
                if (!movable.Contains(s)) { remaining.Add(s); continue; }
                if (header is not null && header != movedHeader) moved.Add(movedHeader = header);
                moved.Add(s);
            }

            // Steps: parameters whose every gradient statement moved and that no moved statement reads as a value.
            var written = all.Select(s => ParameterOf(s, ws)).Where(p => p is not null).Select(p => p!).Distinct().ToList();
            var steppable = written.Where(p =>
                all.Where(s => s.Code.Contains(GradOf(p))).All(movable.Contains) &&
                !moved.Any(s => !s.IsHeader && ReadsValue(s.Code, p))).ToList();
            for (int i = 0; i < moved.Count; i++)
            {
                var s = moved[i];
                string? p = s.IsHeader ? null : ParameterOf(s, ws);
                if (p is null || !steppable.Contains(p)) continue;
                var step = new BackwardStatement { Code = s.Code.Replace(GradOf(p), $"{SdkNames.GradOrStepOf}({p})"), WritesParameter = true };
                step.Comments.AddRange(s.Comments);
                step.Comments[step.Comments.Count - 1] += $"   (with SGD step_in_backward: {p} −= lr·this instead)";
                step.Uses.AddRange(s.Uses);
                moved[i] = step;
            }
            return new ParameterSteps(remaining, moved, input, hoisted);
        }

        static string GradOf(string parameter) => $"{SdkNames.GradOf}({parameter})";

        /// <summary>The parameter of a plain gradient statement (<c>_ws.AddTo(GradOf(b), g);</c>, <c>_ws.AddMatMul(GradOf(w), ...);</c>), else null.</summary>
        static string? ParameterOf(BackwardStatement s, string ws)
        {
            if (s.IsHeader || !s.WritesParameter || s.Defines is not null || s.ParametersOnly is not null || s.Code.Contains('\n')) return null;
            foreach (var op in new[] { "AddTo", "AddMatMul" })
            {
                string prefix = $"{ws}.{op}({SdkNames.GradOf}(";
                if (!s.Code.StartsWith(prefix, System.StringComparison.Ordinal)) continue;
                int end = s.Code.IndexOf(')', prefix.Length);
                return end > prefix.Length ? s.Code.Substring(prefix.Length, end - prefix.Length) : null;
            }
            return null;
        }

        /// <summary>
        /// True when <paramref name="code"/> reads <paramref name="parameter"/>'s value: the name as an identifier outside
        /// string literals, not a member of something else (<c>sub.w</c>) and not the argument of GradOf.
        /// </summary>
        internal static bool ReadsValue(string code, string parameter)
        {
            for (int i = 0; i < code.Length; i++)
            {
                char c = code[i];
                if (c == '"')
                {
                    for (i++; i < code.Length && code[i] != '"'; i++) if (code[i] == '\\') i++;
                    continue;
                }
                if (!IsIdentifierChar(c)) continue;
                int start = i;
                while (i < code.Length && IsIdentifierChar(code[i])) i++;
                string word = code.Substring(start, i - start);
                i--;
                if (word != parameter) continue;
                if (start > 0 && code[start - 1] == '.') continue;
                string before = code.Substring(0, start);
                if (before.EndsWith(SdkNames.GradOf + "(", System.StringComparison.Ordinal)) continue;
                return true;
            }
            return false;
        }

        static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_';
    }
}

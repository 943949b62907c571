using System.Globalization;
using System.Linq;

namespace Edu.Sdk.Generators.Model
{
    /// <summary>
    /// A number argument as the parser writes it into an op's attributes: a constant in invariant form (<c>2</c>,
    /// <c>0.5</c>, <c>true</c>), any other expression as the student wrote it in parentheses (<c>(scale * 2)</c>), and a
    /// (height, width) pair of either as <c>(h, w)</c>.
    /// </summary>
    internal static class NumberText
    {
        /// <summary>conv2d's third attribute when its stride and padding are written as (height, width) pairs.</summary>
        public const string Pairs = "pairs";

        /// <summary>A number, a bool or a pair of numbers written as literals: the same value whenever it is read.</summary>
        public static bool IsConstant(string text) =>
            text.Length > 0 && text.Trim('(', ')').Split(',').All(part => part.Trim() is "true" or "false" ||
                double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _));

        /// <summary>
        /// One number for both axes of a (height, width) pair: <c>(2, 2)</c> for a constant; an expression is read
        /// once, by <c>LayerWorkspace.Both</c>, as the student's method reads it once.
        /// </summary>
        public static string Both(string number) =>
            IsConstant(number) ? "(" + number + ", " + number + ")" : "LayerWorkspace.Both(" + number + ")";

        /// <summary>
        /// <paramref name="text"/> without the outer parentheses where they wrap the whole of one expression, for the
        /// initializer of a declaration (<c>double h_factor = scale * 2;</c>); otherwise as it is, which is always valid.
        /// A pair <c>(h, w)</c> keeps them.
        /// </summary>
        public static string WithoutOuterParentheses(string text)
        {
            if (text.Length < 2 || text[0] != '(' || text[text.Length - 1] != ')') return text;
            int depth = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] == '(') depth++;
                else if (text[i] == ')') depth--;
                else if (text[i] == ',' && depth == 1) return text;
                if (depth == 0 && i < text.Length - 1) return text;
            }
            return text.Substring(1, text.Length - 2);
        }
    }
}

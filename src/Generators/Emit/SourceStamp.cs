using System.Globalization;
using System.Text;
using Edu.Sdk.Generators.Model;

namespace Edu.Sdk.Generators.Emit
{
    /// <summary>
    /// The emitter writes a layer as a template whose file name, path and line numbers are placeholders; <see cref="Apply"/>
    /// fills them from the layer's <see cref="SourceMap"/>. The template depends only on the model, so it is cached
    /// while lines move; the stamp is a single pass over the text.
    /// </summary>
    internal static class SourceStamp
    {
        const char Mark = StudentText.Mark;

        /// <summary>The source line of statement ordinal <paramref name="ordinal"/> (0: the method's line).</summary>
        public static string Line(int ordinal) => Mark + "L" + ordinal.ToString(CultureInfo.InvariantCulture) + Mark;

        /// <summary>The file's name (header comment).</summary>
        public static readonly string FileName = Mark + "F" + Mark;

        /// <summary>A <c>#line</c> directive mapping what follows to the student's line for ordinal <paramref name="ordinal"/>.</summary>
        public static string LineDirective(int ordinal) => "#line " + Line(ordinal) + " " + Mark + "P" + Mark;

        /// <summary>The template with its placeholders filled; without a usable path, the <c>#line</c> lines are left out.</summary>
        public static string Apply(string template, SourceMap map)
        {
            var sb = new StringBuilder(template.Length + 256);
            int start = 0;
            while (start < template.Length)
            {
                int end = template.IndexOf('\n', start);
                end = end < 0 ? template.Length : end + 1;
                if (map.CanMapLines || string.CompareOrdinal(template, start, "#line ", 0, 6) != 0)
                    AppendFilled(sb, template, start, end, map);
                start = end;
            }
            return sb.ToString();
        }

        /// <summary>
        /// Copies the line, placeholders filled. Anything that is not a placeholder (a mark with no closing mark, an
        /// unknown key, an ordinal with no line) is copied through unchanged, so no text can make the stamp throw.
        /// </summary>
        static void AppendFilled(StringBuilder sb, string template, int start, int end, SourceMap map)
        {
            int i = start;
            while (i < end)
            {
                int open = template.IndexOf(Mark, i, end - i);
                if (open < 0) { sb.Append(template, i, end - i); return; }
                sb.Append(template, i, open - i);
                int close = open + 1 < end ? template.IndexOf(Mark, open + 1, end - open - 1) : -1;
                string? value = close < 0 ? null : Fill(template.Substring(open + 1, close - open - 1), map);
                if (value is null) { sb.Append(Mark); i = open + 1; continue; }
                sb.Append(value);
                i = close + 1;
            }
        }

        /// <summary>The value of placeholder <paramref name="key"/>, or null when it is not one.</summary>
        static string? Fill(string key, SourceMap map)
        {
            if (key == "F") return map.FileName;
            if (key == "P") return "\"" + map.FilePath + "\"";
            if (key == StudentText.MarkKey) return Mark.ToString();
            if (key.Length > 1 && key[0] == 'L' &&
                int.TryParse(key.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out int ordinal) &&
                ordinal < map.Lines.Count)
                return map.Lines[ordinal].ToString(CultureInfo.InvariantCulture);
            return null;
        }
    }
}

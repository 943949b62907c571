using System.Text;
using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Generators.Model
{
    /// <summary>
    /// The student's source text as the generated code and its comments copy it: on one line, comments left out, tokens
    /// as written (string literals unchanged). The emitted template marks its placeholders with U+0001
    /// (see <c>SourceStamp</c>), so a U+0001 the student wrote is escaped here and restored when the template is filled.
    /// </summary>
    internal static class StudentText
    {
        /// <summary>The character that delimits the template's placeholders.</summary>
        public const char Mark = '\u0001';

        /// <summary>The placeholder key standing for a U+0001 of the student's text.</summary>
        public const string MarkKey = "U";

        static readonly string s_escapedMark = Mark + MarkKey + Mark;

        /// <summary>
        /// The text of <paramref name="node"/> on one line: its tokens as written, one space wherever the source had
        /// whitespace or a comment between them (a <c>// comment</c> would swallow the rest of the generated line),
        /// line breaks inside a token (a multi-line string) as spaces; escaped for the template.
        /// </summary>
        public static string OneLine(SyntaxNode node)
        {
            var sb = new StringBuilder();
            SyntaxToken previous = default;
            foreach (var token in node.DescendantTokens())
            {
                if (sb.Length > 0 && (previous.HasTrailingTrivia || token.HasLeadingTrivia)) sb.Append(' ');
                AppendOneLine(sb, token.Text);
                previous = token;
            }
            return Escape(sb.ToString());
        }

        static void AppendOneLine(StringBuilder sb, string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c is not ('\r' or '\n' or '\u2028' or '\u2029' or '\u0085')) { sb.Append(c); continue; }
                if (sb.Length == 0 || sb[sb.Length - 1] != ' ') sb.Append(' ');
            }
        }

        /// <summary>Escapes the placeholder mark in student text bound for the template.</summary>
        public static string Escape(string text) => text.IndexOf(Mark) < 0 ? text : text.Replace(Mark.ToString(), s_escapedMark);

        /// <summary>The student's text again, from <see cref="Escape"/>d text (for diagnostic messages).</summary>
        public static string Unescape(string text) => text.IndexOf(Mark) < 0 ? text : text.Replace(s_escapedMark, Mark.ToString());
    }
}

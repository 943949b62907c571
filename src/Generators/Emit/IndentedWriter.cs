using System;
using System.Text;

namespace Edu.Sdk.Generators.Emit
{
    /// <summary>Writes source text with indentation, "\n" line ends and nothing culture-dependent.</summary>
    internal sealed class IndentedWriter
    {
        readonly StringBuilder _sb = new StringBuilder();
        int _depth;

        public IndentedWriter Line(string text = "")
        {
            // The code writes names found through the student's usings in full (global::System.Math.Sqrt); a comment
            // reads better as the student wrote it, and global:: is the part the student did not write.
            if (text.TrimStart().StartsWith("//", StringComparison.Ordinal)) text = text.Replace("global::", "");
            else if (text.IndexOf("   // ", StringComparison.Ordinal) is int comment and >= 0)
                text = text.Substring(0, comment) + text.Substring(comment).Replace("global::", "");
            if (text.Length > 0) _sb.Append(' ', _depth * 4).Append(text);
            _sb.Append('\n');
            return this;
        }

        /// <summary>A line at column 0 (preprocessor directives).</summary>
        public IndentedWriter Directive(string text)
        {
            _sb.Append(text).Append('\n');
            return this;
        }

        public IndentedWriter Open(string header)
        {
            Line(header);
            Line("{");
            _depth++;
            return this;
        }

        public IndentedWriter Close(string suffix = "")
        {
            _depth--;
            return Line("}" + suffix);
        }

        public IDisposable Block(string header)
        {
            Open(header);
            return new Closer(this);
        }

        sealed class Closer : IDisposable
        {
            readonly IndentedWriter _w;
            public Closer(IndentedWriter w) => _w = w;
            public void Dispose() => _w.Close();
        }

        public override string ToString() => _sb.ToString();
    }
}

using System;
using Microsoft.CodeAnalysis.Text;

namespace Edu.Sdk.Analyzers.Rules
{
    /// <summary>
    /// Reads assignment.rules, one directive a line (<c>#</c> starts a comment line):
    /// <code>
    /// lang fr                                   # messages in French (or en)
    /// preset manual                             # the bans of a mode: manual, autograd or free
    /// ban N:Edu.Sdk.Optim.* ; Write SGD and Adam yourself.
    /// ban derived T:Edu.Sdk.Nn.Module           # a type and every type deriving from it
    /// allow M:Edu.Sdk.torch.Tensor.requires_grad_
    /// ban generated-backward                    # what the [Layer] generator writes
    /// autograd-reference forbid                 # [AutogradReference] types get no exemption
    /// test-projects check                       # test projects are checked too
    /// </code>
    /// Targets are documentation-comment IDs (<c>N: T: M: P: F: E:</c>); a member ID without a parameter list means
    /// every overload; <c>.*</c> ends a namespace or type wildcard. What follows <c>;</c> is the message shown.
    /// </summary>
    internal static class RulesParser
    {
        /// <summary>Parses a teacher's file.</summary>
        public static RuleSet Parse(SourceText text, string? path) => Parse(text, path, new RuleSet(), null);

        /// <summary>The entries of a mode's preset, reported as coming from the project's mode.</summary>
        public static RuleSet Preset(string mode) => Parse(SourceText.From(Presets.For(mode)), null, new RuleSet(), new RuleOrigin(mode, 0, null));

        /// <summary>
        /// The line without its comment: from a <c>#</c> that starts the line or follows a space or tab, before the
        /// line's first <c>;</c> (a message after the <c>;</c> keeps any <c>#</c>, and a comment may contain a <c>;</c>).
        /// </summary>
        internal static string WithoutComment(string line)
        {
            int semicolon = line.IndexOf(';');
            int end = semicolon >= 0 ? semicolon : line.Length;
            for (int i = 0; i < end; i++)
                if (line[i] == '#' && (i == 0 || line[i - 1] is ' ' or '\t')) return line.Substring(0, i);
            return line;
        }

        /// <summary>Parses <paramref name="text"/> into <paramref name="set"/>.</summary>
        /// <param name="text">The file or preset text.</param>
        /// <param name="path">The file's path (null for a preset).</param>
        /// <param name="set">Where entries, options and problems go.</param>
        /// <param name="presetOrigin">Set while reading a preset: its entries carry this origin and may use <c>category</c> lines.</param>
        static RuleSet Parse(SourceText text, string? path, RuleSet set, RuleOrigin? presetOrigin)
        {
            var category = RuleCategory.File;
            foreach (var line in text.Lines)
            {
                string raw = WithoutComment(line.ToString());
                int lineNumber = line.LineNumber + 1;
                string body = raw;
                string? message = null;
                int semicolon = raw.IndexOf(';');
                if (semicolon >= 0)
                {
                    body = raw.Substring(0, semicolon);
                    message = raw.Substring(semicolon + 1).Trim();
                    if (message.Length == 0) message = null;
                }
                string trimmed = body.Trim();
                if (trimmed.Length == 0 || trimmed.StartsWith("#", StringComparison.Ordinal)) continue;
                var words = trimmed.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                int indent = raw.Length - raw.TrimStart().Length;
                var span = TextSpan.FromBounds(line.Start + indent, line.Start + indent + trimmed.Length);
                void Problem(string resource, object[] args) => set.Problems.Add(new RuleProblem(lineNumber, span, resource, args));

                switch (words[0])
                {
                    case "ban":
                    case "allow":
                        if (ParseTarget(words, out var kind, out var key, out var targetText) is { } problem)
                            Problem(problem.Resource, problem.Args);
                        else
                            set.Entries.Add(new RuleEntry(words[0] == "ban", kind, key, targetText, category, message,
                                presetOrigin ?? new RuleOrigin(null, lineNumber, path), set.Entries.Count));
                        break;
                    case "category" when presetOrigin is not null && words.Length == 2:
                        category = (RuleCategory)Enum.Parse(typeof(RuleCategory), words[1], ignoreCase: true);
                        break;
                    case "preset":
                        if (Value(words, "manual, autograd, free", Problem, "manual", "autograd", "free") is { } mode)
                        {
                            set.Presets.Add((mode, lineNumber));
                            Parse(SourceText.From(Presets.For(mode)), path, set, new RuleOrigin(mode, lineNumber, path));
                        }
                        break;
                    case "lang":
                        if (Value(words, "fr, en", Problem, "fr", "en") is { } lang) set.Lang = lang;
                        break;
                    case "autograd-reference":
                        if (Value(words, "allow, forbid", Problem, "allow", "forbid") is { } exemption)
                        {
                            set.ReferenceExemption = exemption == "allow";
                            set.ReferenceExemptionLine = lineNumber;
                        }
                        break;
                    case "test-projects":
                        if (Value(words, "check, skip", Problem, "check", "skip") is { } tests) set.CheckTests = tests == "check";
                        break;
                    default:
                        Problem("Problem_UnknownDirective", new object[] { words[0] });
                        break;
                }
            }
            return set;
        }

        static string? Value(string[] words, string expected, Action<string, object[]> problem, params string[] allowed)
        {
            if (words.Length < 2) { problem("Problem_MissingValue", new object[] { words[0], expected }); return null; }
            if (words.Length > 2) { problem("Problem_ExtraText", new object[] { string.Join(" ", words, 2, words.Length - 2), words[0] + " " + words[1] }); return null; }
            foreach (var a in allowed)
                if (string.Equals(a, words[1], StringComparison.OrdinalIgnoreCase)) return a;
            problem("Problem_UnknownValue", new object[] { words[1], words[0], expected });
            return null;
        }

        sealed record Failure(string Resource, object[] Args);

        static Failure? ParseTarget(string[] words, out TargetKind kind, out string key, out string text)
        {
            kind = TargetKind.Exact;
            key = text = "";
            int i = 1;
            bool derived = false;
            if (words.Length > i && words[i] == "derived") { derived = true; i++; }
            if (words.Length <= i) return new Failure("Problem_MissingTarget", new object[] { string.Join(" ", words) });
            text = words[i];
            if (words.Length > i + 1)
                return new Failure("Problem_ExtraText", new object[] { string.Join(" ", words, i + 1, words.Length - i - 1), string.Join(" ", words, 0, i + 1) });
            if (!derived && text == "generated-backward") { kind = TargetKind.GeneratedBackward; key = text; return null; }
            if (text.Length < 3 || text[1] != ':' || "NTMPFE".IndexOf(text[0]) < 0)
                return new Failure("Problem_BadId", new object[] { text });
            char prefix = text[0];
            string name = text.Substring(2);
            bool wildcard = name.EndsWith(".*", StringComparison.Ordinal);
            string stem = wildcard ? name.Substring(0, name.Length - 2) : name;
            if (stem.IndexOf('*') >= 0 || (wildcard && prefix != 'N' && prefix != 'T'))
                return new Failure("Problem_BadWildcard", new object[] { text });
            if (stem.Length == 0 || (derived && prefix != 'T') || (derived && wildcard))
                return new Failure("Problem_BadId", new object[] { text });
            if (derived) { kind = TargetKind.Derived; key = stem; return null; }
            if (wildcard) { kind = TargetKind.Wildcard; key = stem; return null; }
            switch (prefix)
            {
                case 'N': kind = TargetKind.Namespace; key = stem; return null;
                case 'T': kind = TargetKind.Type; key = stem; return null;
                case 'M':
                case 'P':
                    kind = stem.IndexOf('(') >= 0 || stem.IndexOf('~') >= 0 ? TargetKind.Exact : TargetKind.AnyOverload;
                    key = text;
                    return null;
                default:
                    kind = TargetKind.Exact;
                    key = text;
                    return null;
            }
        }
    }
}

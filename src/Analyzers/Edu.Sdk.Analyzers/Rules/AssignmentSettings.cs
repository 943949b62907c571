using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Edu.Sdk.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edu.Sdk.Analyzers.Rules
{
    /// <summary>
    /// What applies to one compilation: the mode (build_property.EduAssignment), the rules files (AdditionalFiles
    /// named assignment.rules), the language of messages, the [AutogradReference] exemption, and whether this is a
    /// test project that is skipped.
    /// </summary>
    internal sealed class AssignmentSettings
    {
        public const string RulesFileName = "assignment.rules";

        /// <summary>manual, autograd or free.</summary>
        public string Mode { get; private set; } = "free";

        /// <summary>The EduAssignment value when it is not a mode (reported as EDU0011), else null.</summary>
        public string? UnknownMode { get; private set; }

        /// <summary>The rules files, parsed, by path.</summary>
        public List<(AdditionalText File, RuleSet Rules)> Files { get; } = new List<(AdditionalText, RuleSet)>();

        /// <summary>The mode's preset entries, then each file's, in order (later wins a tie).</summary>
        public List<RuleEntry> Entries { get; } = new List<RuleEntry>();

        public Descriptors Descriptors { get; private set; } = Descriptors.Default;

        /// <summary>Whether [AutogradReference] types are exempt (true unless a rules file says <c>autograd-reference forbid</c>).</summary>
        public bool ReferenceExemption { get; private set; } = true;

        /// <summary>The rules-file line that decided <see cref="ReferenceExemption"/> (0: none).</summary>
        public int ReferenceExemptionLine { get; private set; }

        /// <summary>A test project that is not checked (test-projects check / EduAssignmentCheckTests turn checking on).</summary>
        public bool SkipProject { get; private set; }

        /// <summary>True when there is something to enforce.</summary>
        public bool Active => !SkipProject && Entries.Any(e => e.Ban);

        /// <summary>The words a test framework's assembly starts with: a compilation referencing one is a test project.</summary>
        static readonly string[] s_testFrameworks = { "xunit.core", "xunit.v3.core", "nunit.framework", "Microsoft.VisualStudio.TestPlatform.TestFramework", "MSTest.TestFramework" };

        public static AssignmentSettings Read(AnalyzerOptions options, Compilation compilation, CancellationToken ct)
        {
            var s = new AssignmentSettings();
            var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
            if (global.TryGetValue("build_property.EduAssignment", out var raw) && raw.Trim().Length > 0)
            {
                var mode = raw.Trim().ToLowerInvariant();
                if (mode is "manual" or "autograd" or "free") s.Mode = mode;
                else s.UnknownMode = raw.Trim();
            }
            s.Entries.AddRange(RulesParser.Preset(s.Mode).Entries);

            string? lang = null;
            bool? checkTests = null;
            foreach (var file in options.AdditionalFiles)
            {
                if (!string.Equals(Path.GetFileName(file.Path), RulesFileName, StringComparison.OrdinalIgnoreCase)) continue;
                var text = file.GetText(ct);
                if (text is null) continue;
                var rules = RulesParser.Parse(text, file.Path);
                s.Files.Add((file, rules));
                int offset = s.Entries.Count;
                s.Entries.AddRange(rules.Entries.Select(e => e with { Order = e.Order + offset }));
                lang = rules.Lang ?? lang;
                if (rules.ReferenceExemption is { } exemption)
                {
                    s.ReferenceExemption = exemption;
                    s.ReferenceExemptionLine = rules.ReferenceExemptionLine;
                }
                checkTests = rules.CheckTests ?? checkTests;
            }
            s.Descriptors = Descriptors.For(Resources.Culture(lang));

            bool isTest = (global.TryGetValue("build_property.IsTestProject", out var isTestProject) && IsTrue(isTestProject)) ||
                          compilation.ReferencedAssemblyNames.Any(a => s_testFrameworks.Contains(a.Name, StringComparer.OrdinalIgnoreCase));
            bool forceCheck = global.TryGetValue("build_property.EduAssignmentCheckTests", out var check) && IsTrue(check);
            s.SkipProject = isTest && !forceCheck && checkTests != true;
            return s;
        }

        static bool IsTrue(string value) => string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>How a rule names itself in a message: the project's mode, a preset line or a line of the file.</summary>
        public IFormattable RuleName(RuleOrigin origin)
        {
            if (origin.Mode is not null && origin.Line == 0) return Descriptors.Localized("Rule_" + origin.Mode);
            if (origin.Mode is not null) return Descriptors.Localized("Rule_Preset", origin.Mode, origin.Line);
            return Descriptors.Localized("Rule_Line", origin.Line);
        }

        /// <summary>What to do instead: the line's own message, else the category's advice.</summary>
        public object Advice(RuleEntry entry) => (object?)entry.Message ?? Descriptors.Localized(entry.Category switch
        {
            RuleCategory.Tape => "Advice_Tape",
            RuleCategory.Modules => "Advice_Modules",
            RuleCategory.GeneratedBackward => "Advice_Generated",
            _ => "Advice_Rules",
        });
    }
}

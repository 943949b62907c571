using System.Collections.Generic;

namespace Edu.Sdk.Analyzers.Rules
{
    /// <summary>The parsed content of a rules file (or of a preset): entries in order and the file's options.</summary>
    internal sealed class RuleSet
    {
        public List<RuleEntry> Entries { get; } = new List<RuleEntry>();
        public List<RuleProblem> Problems { get; } = new List<RuleProblem>();

        /// <summary><c>lang fr</c> / <c>lang en</c>; null when the file does not say.</summary>
        public string? Lang { get; set; }

        /// <summary><c>autograd-reference allow|forbid</c>; null when the file does not say (allowed).</summary>
        public bool? ReferenceExemption { get; set; }

        /// <summary>The line of the last <c>autograd-reference</c> directive.</summary>
        public int ReferenceExemptionLine { get; set; }

        /// <summary><c>test-projects check|skip</c>; null when the file does not say (skipped).</summary>
        public bool? CheckTests { get; set; }

        /// <summary>The <c>preset</c> lines: the mode name and the line number.</summary>
        public List<(string Mode, int Line)> Presets { get; } = new List<(string, int)>();
    }
}

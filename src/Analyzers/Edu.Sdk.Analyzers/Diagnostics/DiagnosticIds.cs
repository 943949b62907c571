namespace Edu.Sdk.Analyzers.Diagnostics
{
    /// <summary>The assignment rules' diagnostic IDs: EDU0001 to EDU0011, contiguous (docs/diagnostics/EDU00xx.md).</summary>
    internal static class DiagnosticIds
    {
        /// <summary>The autograd tape in a manual-mode project.</summary>
        public const string Tape = "EDU0001";
        /// <summary>A model-building module (torch.nn) in a manual-mode project.</summary>
        public const string Modules = "EDU0002";
        /// <summary>A generated backward where the mode forbids it.</summary>
        public const string GeneratedBackward = "EDU0003";
        /// <summary>A symbol banned by a line of assignment.rules.</summary>
        public const string RulesFileBan = "EDU0004";
        /// <summary>A manual-mode [Layer] without its own backward.</summary>
        public const string MissingBackward = "EDU0005";
        /// <summary>[AutogradReference] where the rules file forbids the exemption.</summary>
        public const string ReferenceForbidden = "EDU0006";
        /// <summary>A forbidden member's name on a dynamic receiver (warning).</summary>
        public const string DynamicReceiver = "EDU0007";
        /// <summary>A forbidden member looked up by reflection (warning).</summary>
        public const string Reflection = "EDU0008";
        /// <summary>A malformed line of assignment.rules.</summary>
        public const string MalformedRules = "EDU0009";
        /// <summary>A line of assignment.rules that matches no symbol (warning).</summary>
        public const string UnmatchedRule = "EDU0010";
        /// <summary>An EduAssignment value that is not a mode.</summary>
        public const string UnknownMode = "EDU0011";

        /// <summary>Where the help pages live (docs/diagnostics/EDU00xx.md in the repository).</summary>
        public const string HelpBase = "https://github.com/edu-sdk/edu-sdk/blob/main/docs/diagnostics/";

        /// <summary>The diagnostics' category.</summary>
        public const string Category = "Edu.Sdk.Assignment";
    }
}

using System.Collections.Immutable;
using Edu.Sdk.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Tour;

/// <summary>
/// Compiles a student's snippet in-process, as a project with <c>&lt;EduAssignment&gt;manual&lt;/EduAssignment&gt;</c>
/// would, and returns what the real assignment analyzers report: the same diagnostics a student sees in the IDE.
/// </summary>
public static class RulesDemo
{
    public static IReadOnlyList<Diagnostic> Check(string source, string mode, string? rules = null)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), "Student.cs");
        var compilation = CSharpCompilation.Create("Student", [tree], References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var additional = rules is null ? ImmutableArray<AdditionalText>.Empty : [new RulesFile(rules)];
        var options = new AnalyzerOptions(additional, new BuildProperties(mode));
        return compilation.WithAnalyzers([new AssignmentRulesAnalyzer()], options)
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    /// <summary>The runtime's own assemblies and Edu.Sdk: what the snippet compiles against.</summary>
    static IEnumerable<MetadataReference> References() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "netstandard.dll" or "Edu.Sdk.dll"))
            .Select(p => MetadataReference.CreateFromFile(p));

    sealed class RulesFile(string text) : AdditionalText
    {
        public override string Path => "assignment.rules";
        public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
            Microsoft.CodeAnalysis.Text.SourceText.From(text);
    }

    /// <summary>What MSBuild hands analyzers: here just <c>build_property.EduAssignment</c>.</summary>
    sealed class BuildProperties(string mode) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(mode);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => GlobalOptions;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => GlobalOptions;

        sealed class Values(string mode) : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = key == "build_property.EduAssignment" ? mode : "";
                return key == "build_property.EduAssignment";
            }
        }
    }
}

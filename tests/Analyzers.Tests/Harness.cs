using System.Collections.Immutable;
using System.Text;
using Edu.Sdk.Analyzers;
using Edu.Sdk.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>
/// Compiles student code against the runtime's assemblies and the built Edu.Sdk.dll, optionally runs the [Layer]
/// generator, then the assignment analyzers with injected build properties and an assignment.rules file.
/// Sources use markup: <c>[|backward|]</c> marks where a diagnostic is expected.
/// </summary>
internal static class Harness
{
    public const string Usings = "using System;\nusing System.Linq;\nusing Edu.Sdk;\nusing Edu.Sdk.Nn;\nusing static Edu.Sdk.torch;\n";
    public const string RulesPath = "/course/assignment.rules";

    static readonly Lazy<MetadataReference[]> s_references = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var refs = tpa.Where(p =>
        {
            var n = Path.GetFileNameWithoutExtension(p);
            return n.StartsWith("System.", StringComparison.Ordinal) || n is "System" or "netstandard" or "mscorlib" or "Microsoft.CSharp";
        }).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        refs.Add(MetadataReference.CreateFromFile(typeof(torch).Assembly.Location));
        return [.. refs];
    });

    public static IReadOnlyList<MetadataReference> References => s_references.Value;

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>A source with its expected spans (from markup).</summary>
    public sealed record Marked(string Source, ImmutableArray<TextSpan> Spans);

    public static Marked Markup(string text)
    {
        var sb = new StringBuilder();
        var spans = ImmutableArray.CreateBuilder<TextSpan>();
        int start = -1;
        for (int i = 0; i < text.Length; i++)
        {
            if (text.AsSpan(i).StartsWith("[|")) { start = sb.Length; i++; continue; }
            if (text.AsSpan(i).StartsWith("|]")) { spans.Add(TextSpan.FromBounds(start, sb.Length)); i++; continue; }
            sb.Append(text[i]);
        }
        return new Marked(sb.ToString(), spans.ToImmutable());
    }

    public static CSharpCompilation Compilation(string source, IEnumerable<MetadataReference>? extra = null, string path = "/course/Student.cs") =>
        CSharpCompilation.Create("Student",
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path)],
            References.Concat(extra ?? []),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>The project's settings as the analyzers see them.</summary>
    public sealed record Project(string? Mode = null, string? Rules = null, bool Generator = false, IReadOnlyDictionary<string, string>? Properties = null,
        IEnumerable<MetadataReference>? Extra = null);

    public sealed record Result(Compilation Compilation, ImmutableArray<Diagnostic> Diagnostics)
    {
        public ImmutableArray<Diagnostic> CompileErrors => Compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
    }

    public static Options OptionsFor(Project p)
    {
        var values = new Dictionary<string, string>(p.Properties ?? new Dictionary<string, string>());
        if (p.Mode is not null) values["build_property.EduAssignment"] = p.Mode;
        return new Options(values);
    }

    /// <summary>Compiles (with the generator when asked) and runs the analyzers; asserts the code itself compiles.</summary>
    public static Result Analyze(string source, Project project, bool allowCompileErrors = false)
    {
        var options = OptionsFor(project);
        Compilation compilation = Compilation(source, project.Extra);
        if (project.Generator)
        {
            CSharpGeneratorDriver.Create([new LayerGenerator().AsSourceGenerator()], parseOptions: ParseOptions, optionsProvider: options)
                .RunGeneratorsAndUpdateCompilation(compilation, out compilation, out _);
        }
        if (!allowCompileErrors)
        {
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, "the test source does not compile:\n" + string.Join("\n", errors));
        }
        var additional = project.Rules is null ? ImmutableArray<AdditionalText>.Empty : [new Text(RulesPath, project.Rules)];
        var diagnostics = compilation
            .WithAnalyzers([new AssignmentRulesAnalyzer()], new AnalyzerOptions(additional, options))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        return new Result(compilation, diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray());
    }

    /// <summary>Asserts that exactly the marked spans get a diagnostic, each with <paramref name="id"/>.</summary>
    public static ImmutableArray<Diagnostic> Expect(string markup, Project project, string id)
    {
        var m = Markup(markup);
        var r = Analyze(m.Source, project);
        var actual = r.Diagnostics.Select(d => (d.Id, Span: d.Location.SourceSpan, Text: m.Source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))).ToList();
        var expected = m.Spans.Select(s => (Id: id, Span: s, Text: m.Source.Substring(s.Start, s.Length))).ToList();
        Assert.True(expected.SequenceEqual(actual),
            $"expected:\n  {string.Join("\n  ", expected)}\nactual:\n  {string.Join("\n  ", r.Diagnostics.Select(d => d + " @ " + d.Location.SourceSpan))}");
        return r.Diagnostics;
    }

    /// <summary>Asserts no diagnostic.</summary>
    public static void Clean(string source, Project project)
    {
        var r = Analyze(source, project);
        Assert.True(r.Diagnostics.IsEmpty, "unexpected:\n" + string.Join("\n", r.Diagnostics));
    }

    public sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(values);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(new Dictionary<string, string>());
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values(new Dictionary<string, string>());
    }

    sealed class Values(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            var found = values.TryGetValue(key, out var v);
            value = v ?? "";
            return found;
        }
    }

    public sealed class Text(string path, string content) : AdditionalText
    {
        public override string Path { get; } = path;
        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(content);
    }
}

using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edu.Sdk.Generators.Tests;

/// <summary>Compiles source text with the generator (CSharpGeneratorDriver), against the runtime's assemblies and the built Edu.Sdk.dll.</summary>
internal static class Harness
{
    public const string Usings = "using Edu.Sdk;\nusing Edu.Sdk.Nn;\nusing static Edu.Sdk.torch;\n";

    static readonly Lazy<MetadataReference[]> s_references = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var refs = tpa.Where(p =>
        {
            var n = Path.GetFileNameWithoutExtension(p);
            return n.StartsWith("System.", StringComparison.Ordinal) || n is "System" or "netstandard" or "mscorlib";
        }).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
        refs.Add(MetadataReference.CreateFromFile(typeof(torch).Assembly.Location));
        return [.. refs];
    });

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public sealed record Result(Compilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics, GeneratorDriverRunResult Run, GeneratorDriver Driver)
    {
        public string Generated => string.Join("\n", Run.Results.SelectMany(r => r.GeneratedSources).Select(s => s.SourceText.ToString()));
        public ImmutableArray<Diagnostic> CompileErrors => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
    }

    public static CSharpCompilation Compilation(string source, string path = "/src/Layer.cs") =>
        CSharpCompilation.Create("UserLayers",
            [CSharpSyntaxTree.ParseText(source, ParseOptions, path)],
            s_references.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver Driver(string? mode = null, bool track = false) =>
        CSharpGeneratorDriver.Create(
            [new LayerGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            optionsProvider: new Options(mode),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    public static Result Run(string source, string? mode = null, string path = "/src/Layer.cs")
    {
        var driver = Driver(mode).RunGeneratorsAndUpdateCompilation(Compilation(source, path), out var output, out var diagnostics);
        return new Result(output, diagnostics, driver.GetRunResult(), driver);
    }

    /// <summary>Runs the generator, asserts the whole thing compiles, and loads the assembly.</summary>
    public static Assembly Load(string source, string? mode = null)
    {
        var r = Run(source, mode);
        Assert.True(r.GeneratorDiagnostics.IsEmpty, "generator diagnostics:\n" + string.Join("\n", r.GeneratorDiagnostics));
        using var ms = new MemoryStream();
        var emit = r.Output.Emit(ms);
        Assert.True(emit.Success, "compile errors:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n\n" + r.Generated);
        return Assembly.Load(ms.ToArray());
    }

    sealed class Options(string? mode) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(mode);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(null);
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values(null);
    }

    sealed class Values(string? mode) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            value = mode ?? "";
            return key == "build_property.EduAssignment" && mode is not null;
        }
    }
}

using System;
using System.Linq;
using Edu.Sdk.Generators.Emit;
using Edu.Sdk.Generators.Model;
using Edu.Sdk.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Edu.Sdk.Generators
{
    /// <summary>
    /// The [Layer] generator. Pipeline: ForAttributeWithMetadataName(LayerAttribute) → parse (semantic model →
    /// equatable model, source map and diagnostics) → the model and the project's assignment mode derive and emit a
    /// template (the expensive part, cached while the model is equal) → the template stamped with the layer's file
    /// and line numbers is the generated source. Moving lines changes only the source map, so it re-runs only the
    /// stamp. The diagnostics are reported on their own (those that depend on the mode filtered by it), so the source
    /// output never depends on them.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class LayerGenerator : IIncrementalGenerator
    {
        /// <summary>Tracking names of the pipeline steps (the caching tests look them up).</summary>
        public static class Steps
        {
            /// <summary>The parsed [Layer] classes.</summary>
            public const string Parse = "Parse";
            /// <summary>The models handed to the emitter.</summary>
            public const string Model = "Model";
            /// <summary>The diagnostics of each class.</summary>
            public const string Diagnostics = "Diagnostics";
            /// <summary>The assignment mode read from build_property.EduAssignment.</summary>
            public const string Mode = "Mode";
            /// <summary>The derived and emitted layers, with placeholders for file and line numbers.</summary>
            public const string Emit = "Emit";
            /// <summary>Where each layer's statements are in its file.</summary>
            public const string SourceMap = "SourceMap";
            /// <summary>The generated files: templates stamped with their source maps.</summary>
            public const string Source = "Source";
        }

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var parsed = context.SyntaxProvider.ForAttributeWithMetadataName(
                    KnownTypes.LayerName,
                    static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                    static (ctx, ct) => LayerParser.Parse(ctx, ct))
                .WithTrackingName(Steps.Parse);

            var models = parsed
                .Select(static (r, _) => r.Model)
                .Where(static m => m is not null)
                .WithTrackingName(Steps.Model);

            var manual = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) =>
                    options.GlobalOptions.TryGetValue("build_property.EduAssignment", out var mode) &&
                    string.Equals(mode?.Trim(), "manual", StringComparison.OrdinalIgnoreCase))
                .WithTrackingName(Steps.Mode);

            // A name the generator writes in one mode only collides in that mode: the diagnostic says when, and only
            // those for this project's mode are reported.
            var diagnostics = parsed
                .Select(static (r, _) => r.Diagnostics)
                .Combine(manual)
                .Select(static (pair, _) => pair.Left.Where(d => d.AppliesTo(pair.Right)).ToEquatableArray())
                .WithTrackingName(Steps.Diagnostics);

            // A layer whose member collides in this mode gets no generated part (reported above), as with any other
            // diagnostic, rather than a generated file that does not compile.
            var templates = models.Combine(manual)
                .Select(static (pair, _) =>
                {
                    var model = pair.Left!;
                    return model.Clashes(pair.Right)
                        ? null
                        : new GeneratedFile(model.HintName, LayerEmitter.Emit(model, manual: pair.Right && !model.IsReference));
                })
                .WithTrackingName(Steps.Emit)
                .Where(static f => f is not null);

            var maps = parsed
                .Select(static (r, _) => r.Map)
                .Where(static m => m is not null)
                .WithTrackingName(Steps.SourceMap);

            // Each map finds its template by hint name: an edit re-stamps every layer (a pass over its text) but
            // re-derives only the edited one, and a file whose text comes out equal is not added again.
            var sources = maps.Combine(templates.Collect())
                .Select(static (pair, _) =>
                {
                    var map = pair.Left!;
                    foreach (var t in pair.Right)
                        if (t!.HintName == map.HintName) return new GeneratedFile(t.HintName, SourceStamp.Apply(t.Text, map));
                    return null;
                })
                .Where(static f => f is not null)
                .WithTrackingName(Steps.Source);

            context.RegisterSourceOutput(sources, static (spc, file) =>
                spc.AddSource(file!.HintName, SourceText.From(file.Text, System.Text.Encoding.UTF8)));

            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (var d in list) spc.ReportDiagnostic(d.ToDiagnostic());
            });
        }
    }
}

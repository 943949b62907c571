using System;
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
    /// equatable model + diagnostics) → two outputs: the generated source, from the model and the project's
    /// assignment mode, and the diagnostics, reported on their own so the source output never depends on them.
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
        }

        /// <inheritdoc/>
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var parsed = context.SyntaxProvider.ForAttributeWithMetadataName(
                    KnownTypes.LayerName,
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (ctx, ct) => LayerParser.Parse(ctx, ct))
                .WithTrackingName(Steps.Parse);

            var models = parsed
                .Select(static (r, _) => r.Model)
                .Where(static m => m is not null)
                .WithTrackingName(Steps.Model);

            var diagnostics = parsed
                .Select(static (r, _) => r.Diagnostics)
                .WithTrackingName(Steps.Diagnostics);

            var manual = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) =>
                    options.GlobalOptions.TryGetValue("build_property.EduAssignment", out var mode) &&
                    string.Equals(mode?.Trim(), "manual", StringComparison.OrdinalIgnoreCase))
                .WithTrackingName(Steps.Mode);

            context.RegisterSourceOutput(models.Combine(manual), static (spc, pair) =>
            {
                var model = pair.Left!;
                bool manualMode = pair.Right && !model.IsReference;
                spc.AddSource(model.HintName, SourceText.From(LayerEmitter.Emit(model, manualMode), System.Text.Encoding.UTF8));
            });

            context.RegisterSourceOutput(diagnostics, static (spc, list) =>
            {
                foreach (var d in list) spc.ReportDiagnostic(d.ToDiagnostic());
            });
        }
    }
}

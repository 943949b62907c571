using System.Collections.Immutable;
using System.Linq;
using Edu.Sdk.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edu.Sdk.Analyzers.Analysis
{
    /// <summary>
    /// Checks on type declarations: a manual-mode [Layer] must have its own backward (EDU0005), and
    /// [AutogradReference] is reported where the rules file forbids the exemption (EDU0006).
    /// </summary>
    internal sealed class TypeChecks
    {
        /// <summary>Diagnostic property names read by the backward code fix.</summary>
        public const string InputsKey = "Inputs", OutputKey = "Output", SavedKey = "Saved", ParametersKey = "Parameters", MethodKey = "Method";

        readonly AssignmentSettings _settings;
        readonly Exemptions _exemptions;
        readonly INamedTypeSymbol? _layer, _differentiable, _nonDifferentiable, _parameter;

        public TypeChecks(AssignmentSettings settings, Exemptions exemptions, Compilation compilation)
        {
            _settings = settings;
            _exemptions = exemptions;
            _layer = compilation.GetTypeByMetadataName("Edu.Sdk.LayerAttribute");
            _differentiable = compilation.GetTypeByMetadataName("Edu.Sdk.DifferentiableAttribute");
            _nonDifferentiable = compilation.GetTypeByMetadataName("Edu.Sdk.NonDifferentiableAttribute");
            _parameter = compilation.GetTypeByMetadataName("Edu.Sdk.Nn.Parameter");
        }

        public void Analyze(SymbolAnalysisContext ctx)
        {
            var type = (INamedTypeSymbol)ctx.Symbol;
            var attributes = type.GetAttributes();
            var reference = attributes.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _exemptions.ReferenceAttribute));
            if (reference is not null && !_settings.ReferenceExemption && reference.ApplicationSyntaxReference is { } referenceSyntax)
            {
                ctx.ReportDiagnostic(Diagnostic.Create(_settings.Descriptors.ReferenceForbidden, Spans.NameOf(AttributeName(referenceSyntax.GetSyntax(ctx.CancellationToken))),
                    type.Name, _settings.Descriptors.Localized("Rule_Line", _settings.ReferenceExemptionLine)));
            }

            if (_settings.Mode != "manual" || _layer is null || reference is not null) return;
            var layer = attributes.FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _layer));
            if (layer?.ApplicationSyntaxReference is not { } layerSyntax) return;
            bool hasOwnBackward = type.GetMembers("backward").Any(m => m is IMethodSymbol && m.DeclaringSyntaxReferences.Any(r => !RuleMatcher.IsGeneratorOutput(r.SyntaxTree)));
            if (hasOwnBackward) return;
            var declaration = layerSyntax.GetSyntax(ctx.CancellationToken).FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (declaration is null) return;
            ctx.ReportDiagnostic(Diagnostic.Create(_settings.Descriptors.MissingBackward, declaration.Identifier.GetLocation(),
                SkeletonFacts(type), type.Name, _settings.Descriptors.Localized("Rule_manual")));
        }

        static SyntaxNode AttributeName(SyntaxNode attribute) => attribute is AttributeSyntax a ? a.Name : attribute;

        /// <summary>What the code fix needs to write the skeleton: inputs, output, the saved values, the parameters.</summary>
        ImmutableDictionary<string, string?> SkeletonFacts(INamedTypeSymbol type)
        {
            var method = type.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _differentiable)));
            var inputs = method?.Parameters.Where(p => !p.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, _nonDifferentiable)))
                .Select(p => p.Name).ToList() ?? new System.Collections.Generic.List<string>();
            var saved = type.GetTypeMembers("Saved").FirstOrDefault()?.GetMembers().OfType<IPropertySymbol>().Where(p => !p.IsImplicitlyDeclared && p.DeclaredAccessibility == Accessibility.Public).Select(p => p.Name).ToList()
                        ?? new System.Collections.Generic.List<string>();
            var output = saved.LastOrDefault(s => method is null || !method.Parameters.Any(p => p.Name == s)) ?? "y";
            var parameters = type.GetMembers().OfType<IFieldSymbol>()
                .Where(f => !f.IsImplicitlyDeclared && SymbolEqualityComparer.Default.Equals(f.Type, _parameter))
                .Select(f => f.Name);
            return ImmutableDictionary<string, string?>.Empty
                .Add(InputsKey, string.Join(",", inputs))
                .Add(OutputKey, output)
                .Add(SavedKey, string.Join(",", saved))
                .Add(ParametersKey, string.Join(",", parameters))
                .Add(MethodKey, method?.Name ?? "");
        }
    }
}

using System.Collections.Immutable;
using Edu.Sdk.Analyzers.Analysis;
using Edu.Sdk.Analyzers.Diagnostics;
using Edu.Sdk.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Edu.Sdk.Analyzers
{
    /// <summary>
    /// The assignment rules: per compilation, reads the mode and the rules files, then checks each reference to a
    /// symbol (operations: calls, method groups, property/field/event access, object creation, typeof, dynamic
    /// members), each base type, and each [Layer] / [AutogradReference] type. Nothing walks a tree.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AssignmentRulesAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc/>
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.Default.All;

        /// <inheritdoc/>
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(Start);
        }

        static void Start(CompilationStartAnalysisContext start)
        {
            var settings = AssignmentSettings.Read(start.Options, start.Compilation, start.CancellationToken);

            if (settings.Files.Count > 0)
                start.RegisterAdditionalFileAction(ctx => RulesFileChecks.Report(ctx, settings));

            if (settings.UnknownMode is { } unknown)
                start.RegisterCompilationEndAction(ctx =>
                    ctx.ReportDiagnostic(Diagnostic.Create(settings.Descriptors.UnknownMode, Location.None, unknown)));

            if (settings.SkipProject) return;

            var exemptions = new Exemptions(start.Compilation);
            var types = new TypeChecks(settings, exemptions, start.Compilation);
            start.RegisterSymbolAction(types.Analyze, SymbolKind.NamedType);

            if (!settings.Active) return;
            var usage = new UsageChecks(settings, new RuleMatcher(settings.Entries, start.Compilation), exemptions, start.Compilation);
            start.RegisterOperationAction(usage.Invocation, OperationKind.Invocation);
            start.RegisterOperationAction(usage.ObjectCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(usage.DynamicObjectCreation, OperationKind.DynamicObjectCreation);
            start.RegisterOperationAction(usage.Conversion, OperationKind.Conversion);
            start.RegisterOperationAction(usage.MemberReference, OperationKind.MethodReference, OperationKind.PropertyReference,
                OperationKind.FieldReference, OperationKind.EventReference);
            start.RegisterOperationAction(usage.TypeOf, OperationKind.TypeOf);
            start.RegisterOperationAction(usage.DynamicMember, OperationKind.DynamicMemberReference);
            start.RegisterSyntaxNodeAction(usage.BaseType, SyntaxKind.SimpleBaseType, SyntaxKind.PrimaryConstructorBaseType);
        }
    }
}

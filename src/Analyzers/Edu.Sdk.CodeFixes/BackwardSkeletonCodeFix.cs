using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Edu.Sdk.Analyzers.Analysis;
using Edu.Sdk.Analyzers.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace Edu.Sdk.CodeFixes
{
    /// <summary>EDU0005: inserts a <c>backward</c> skeleton into a manual-mode [Layer] that has none.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BackwardSkeletonCodeFix))]
    public sealed class BackwardSkeletonCodeFix : CodeFixProvider
    {
        /// <summary>The code action's title and equivalence key.</summary>
        public const string Title = "Write a backward skeleton";

        /// <inheritdoc/>
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.MissingBackward);

        /// <inheritdoc/>
        public override FixAllProvider? GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc/>
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.FirstAncestorOrSelf<TypeDeclarationSyntax>();
                if (declaration is null) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => Insert(context.Document, root, declaration, diagnostic, ct), Title),
                    diagnostic);
            }
        }

        static Task<Document> Insert(Document document, SyntaxNode root, TypeDeclarationSyntax declaration, Diagnostic diagnostic, CancellationToken ct)
        {
            var p = diagnostic.Properties;
            string[] List(string key) => (p.TryGetValue(key, out var v) ? v ?? "" : "").Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries);
            var method = declaration.Members.OfType<MethodDeclarationSyntax>()
                .FirstOrDefault(m => m.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString().EndsWith("Differentiable", StringComparison.Ordinal)
                                                                                         || a.Name.ToString().EndsWith("DifferentiableAttribute", StringComparison.Ordinal)));
            var skeleton = new BackwardSkeleton
            {
                TypeName = declaration.Identifier.Text,
                Method = p.TryGetValue(TypeChecks.MethodKey, out var m) && !string.IsNullOrEmpty(m) ? m! : method?.Identifier.Text ?? "Model",
                Inputs = List(TypeChecks.InputsKey),
                Output = p.TryGetValue(TypeChecks.OutputKey, out var o) && !string.IsNullOrEmpty(o) ? o! : "y",
                Saved = List(TypeChecks.SavedKey),
                Parameters = List(TypeChecks.ParametersKey),
                Tensor = method?.ReturnType.ToString() ?? "Tensor",
                ZerosLike = ZerosLike(root),
            };
            var member = SyntaxFactory.ParseMemberDeclaration(skeleton.Write());
            if (member is null) return Task.FromResult(document);
            member = member.WithLeadingTrivia(SyntaxFactory.ParseLeadingTrivia("\n").AddRange(member.GetLeadingTrivia()))
                .WithAdditionalAnnotations(Formatter.Annotation);
            var newRoot = root.ReplaceNode(declaration, declaration.AddMembers(member));
            return Task.FromResult(document.WithSyntaxRoot(newRoot));
        }

        /// <summary>torch.zeros_like as the file can spell it, from its usings.</summary>
        static string ZerosLike(SyntaxNode root)
        {
            var usings = root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>().ToList();
            if (usings.Any(u => u.StaticKeyword.IsKind(SyntaxKind.StaticKeyword) && u.Name?.ToString() is "Edu.Sdk.torch" or "global::Edu.Sdk.torch")) return "zeros_like";
            if (usings.Any(u => u.Alias is null && u.StaticKeyword == default && u.Name?.ToString() == "Edu.Sdk")) return "torch.zeros_like";
            return "Edu.Sdk.torch.zeros_like";
        }
    }
}

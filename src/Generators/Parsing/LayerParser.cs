using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Edu.Sdk.Generators.Diagnostics;
using Edu.Sdk.Generators.Emit;
using Edu.Sdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Edu.Sdk.Generators.Parsing
{
    /// <summary>
    /// Reads one [Layer] class: its shape (partial, one [Differentiable] method, Parameter fields initialised in a
    /// constructor) and the method's body (<see cref="BodyParser"/>). Gives a model only when there is nothing to report.
    /// </summary>
    internal static class LayerParser
    {
        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken ct)
        {
            var diagnostics = new List<DiagnosticInfo>();
            var (model, map) = Parse(context, diagnostics, ct);
            bool clean = !AnyInEveryMode(diagnostics) && model is not null;
            return new ParseResult(clean ? model : null, clean ? map : null, diagnostics.ToEquatableArray());
        }

        static (LayerModel?, SourceMap?) Parse(GeneratorAttributeSyntaxContext context, List<DiagnosticInfo> diagnostics, CancellationToken ct)
        {
            // A class or a record class ([Layer] applies to classes; a record struct is the compiler's CS0592).
            if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not (ClassDeclarationSyntax or RecordDeclarationSyntax)) return default;
            var declaration = (TypeDeclarationSyntax)context.TargetNode;
            var compilation = context.SemanticModel.Compilation;
            var types = new KnownTypes(compilation);
            if (types.Tensor is null || types.Parameter is null) return default;

            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.LayerNotPartial, declaration.Identifier.GetLocation(), type.Name));
                return default;
            }
            var containing = new List<string>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            {
                var outerSyntax = outer.DeclaringSyntaxReferences.Select(r => r.GetSyntax(ct)).OfType<TypeDeclarationSyntax>().FirstOrDefault();
                if (outerSyntax is null || !outerSyntax.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    var where = outerSyntax?.Identifier.GetLocation() ?? declaration.Identifier.GetLocation();
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.LayerNotPartial, where, outer.Name));
                    return default;
                }
                containing.Insert(0, (outer.IsStatic ? "static partial " : "partial ") + outerSyntax.Keyword.Text + " " + outer.Name);
            }
            if (type.IsGenericType || HasGenericContainer(type))
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.GenericLayer, declaration.Identifier.GetLocation(), type.Name));
                return default;
            }

            CheckSurfaceNames(type, compilation, declaration.Identifier.GetLocation(), diagnostics);

            var methods = type.GetMembers().OfType<IMethodSymbol>()
                .Where(m => KnownTypes.HasAttribute(m, KnownTypes.DifferentiableName)).ToList();
            if (methods.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.NoDifferentiableMethod, declaration.Identifier.GetLocation(), type.Name));
                return default;
            }
            for (int i = 1; i < methods.Count; i++)
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.SeveralDifferentiableMethods, methods[i].Locations[0], type.Name, methods[0].Name, methods[i].Name));

            var parameters = type.GetMembers().OfType<IFieldSymbol>().Where(f => !f.IsStatic && types.IsParameter(f.Type)).ToList();
            var subLayers = type.GetMembers().OfType<IFieldSymbol>()
                .Where(f => !f.IsStatic && !f.IsImplicitlyDeclared && (types.IsLayer(f.Type) || types.LayerElement(f.Type, out _) is not null))
                .Select(f => new SubLayerInfo(f.Name, types.IsLayer(f.Type) ? "one" : "many")).ToList();
            CheckInitialised(type, parameters, diagnostics, ct);
            CheckModeSurfaceNames(type, methods[0], parameters.Count, subLayers.Count, compilation, declaration.Identifier.GetLocation(), diagnostics);
            var identifiers = new HashSet<string>(methods[0].DeclaringSyntaxReferences
                .SelectMany(r => r.GetSyntax(ct).DescendantTokens()).Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            var read = SdkNames.ReadBy(identifiers, parameters.Count > 0, subLayers.Any(l => l.Kind != "one"));
            CheckSdkNames(type, methods[0], compilation, declaration.Identifier.GetLocation(), read, diagnostics, ct);

            var method = methods[0];
            if (method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(ct) is not MethodDeclarationSyntax methodSyntax) return default;
            var semanticModel = methodSyntax.SyntaxTree == context.SemanticModel.SyntaxTree
                ? context.SemanticModel
                : compilation.GetSemanticModel(methodSyntax.SyntaxTree);
            // Code that does not compile yet (being typed) gets the compiler's errors, not ours, and no output. Syntax
            // errors are on the tree already; binding errors show in the operation tree. (Asking the semantic model for
            // the method's diagnostics would run flow analysis too, and cost more than everything else here.)
            if (methodSyntax.ContainsDiagnostics || method.ReturnType.TypeKind == TypeKind.Error ||
                method.Parameters.Any(p => p.Type.TypeKind == TypeKind.Error)) return default;
            if (!CheckSignature(method, methodSyntax, types, diagnostics)) return default;
            if (semanticModel.GetOperation(methodSyntax, ct) is not IMethodBodyOperation body) return default;
            if (BindingErrors.Any(body)) return default;

            int methodLine = methodSyntax.Identifier.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
            var reserved = ReservedNames(type, methodSyntax);
            var parser = new BodyParser(types, type, diagnostics, methodLine, reserved);
            var inputs = new List<InputInfo>();
            foreach (var p in method.Parameters)
            {
                bool differentiable = !KnownTypes.HasAttribute(p, KnownTypes.NonDifferentiableName);
                inputs.Add(new InputInfo(p.Name, differentiable));
                parser.DeclareInput(p.Name, p.Ordinal, differentiable);
            }
            parser.Parse(body);
            ct.ThrowIfCancellationRequested();
            if (AnyInEveryMode(diagnostics) || parser.ReturnId < 0) return default;

            var model = new LayerModel(
                type.ContainingNamespace.IsGlobalNamespace ? "" : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                containing.ToEquatableArray(),
                method.Name,
                KnownTypes.HasAttribute(type, KnownTypes.AutogradReferenceName),
                inputs.ToEquatableArray(),
                parameters.Select(p => p.Name).ToEquatableArray(),
                subLayers.ToEquatableArray(),
                parser.Nodes.ToEquatableArray(),
                parser.ReturnId,
                reserved.OrderBy(n => n, System.StringComparer.Ordinal).ToEquatableArray(),
                ClashesInManual: diagnostics.Any(d => d.When == ModeCondition.Manual),
                ClashesOutsideManual: diagnostics.Any(d => d.When == ModeCondition.OutsideManual))
            { Keyword = declaration.Keyword.Text };
            return (model, new SourceMap(model.HintName, methodSyntax.SyntaxTree.FilePath ?? "", parser.SourceLines.ToEquatableArray()));
        }

        /// <summary>The names generated locals must not take: every member of the class and its bases, every identifier in the method.</summary>
        static HashSet<string> ReservedNames(INamedTypeSymbol type, MethodDeclarationSyntax method)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            for (var t = type; t is not null; t = t.BaseType)
                foreach (var member in t.GetMembers())
                    if (!member.IsImplicitlyDeclared && SyntaxFacts.IsValidIdentifier(member.Name)) names.Add(member.Name);
            foreach (var token in method.DescendantTokens())
                if (token.IsKind(SyntaxKind.IdentifierToken)) names.Add(token.ValueText);
            return names;
        }

        /// <summary>Whether a diagnostic applies whatever the mode: then the layer gets no model (the others only skip the mode they apply to).</summary>
        static bool AnyInEveryMode(List<DiagnosticInfo> diagnostics) => diagnostics.Any(d => d.When == ModeCondition.Always);

        /// <summary>
        /// The members the generator writes for every layer, in any mode (<see cref="LayerSurface.EveryMode"/>). They are
        /// the module surface that optimisers, Trainer.Fit and the course call by these names, so unlike the generator's
        /// private names they cannot move to a free one: a student member named so is reported instead of colliding in
        /// the generated file.
        /// </summary>
        static void CheckSurfaceNames(INamedTypeSymbol type, Compilation compilation, Location layer, List<DiagnosticInfo> diagnostics)
        {
            foreach (var (member, where) in VisibleMembers(type, compilation, layer))
                if (System.Array.IndexOf(LayerSurface.EveryMode, member.Name) >= 0)
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.GeneratedMemberName, where, type.Name, member.Name, Descriptors.WrittenForEveryLayer));
        }

        /// <summary>
        /// The members the generator writes in some modes only: the backward's (<see cref="LayerSurface.WithBackward"/>)
        /// outside manual mode and for an [AutogradReference] layer in any mode, <c>backward_parameters</c> only when the
        /// layer has one; <c>Saved</c> and <c>saved</c> in manual mode, except for an [AutogradReference] layer. Each is
        /// reported for the mode in which it would collide (<see cref="ModeCondition"/>): parsing does not read the mode.
        /// </summary>
        static void CheckModeSurfaceNames(INamedTypeSymbol type, IMethodSymbol method, int parameters, int subLayers, Compilation compilation, Location layer,
            List<DiagnosticInfo> diagnostics)
        {
            bool reference = KnownTypes.HasAttribute(type, KnownTypes.AutogradReferenceName);
            int differentiable = method.Parameters.Count(p => !KnownTypes.HasAttribute(p, KnownTypes.NonDifferentiableName));
            bool backwardParameters = LayerSurface.WritesBackwardParameters(differentiable, parameters, subLayers);
            foreach (var (member, where) in VisibleMembers(type, compilation, layer))
            {
                if (System.Array.IndexOf(LayerSurface.WithBackward, member.Name) >= 0 && (member.Name != LayerSurface.BackwardParameters || backwardParameters))
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.GeneratedMemberName, where, type.Name, member.Name, Descriptors.WrittenWithBackward)
                        with { When = reference ? ModeCondition.Always : ModeCondition.OutsideManual });
                else if (!reference && System.Array.IndexOf(LayerSurface.ManualOnly, member.Name) >= 0)
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.GeneratedMemberName, where, type.Name, member.Name, Descriptors.WrittenInManualMode)
                        with { When = ModeCondition.Manual });
            }
        }

        /// <summary>
        /// Names the generated code reads from Edu.Sdk and .NET without qualifying them (<see cref="SdkNames"/>): inside
        /// the class, a member of that name is found first and hides them. That is a member of the class, one inherited
        /// and visible, or one of a class it is nested in; a nested type also hides the type names. The generated forward
        /// also declares the method's inputs and locals (under their own names), so those are checked too.
        /// </summary>
        static void CheckSdkNames(INamedTypeSymbol type, IMethodSymbol method, Compilation compilation, Location layer, HashSet<string> read,
            List<DiagnosticInfo> diagnostics, CancellationToken ct)
        {
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            for (var scope = type; scope is not null; scope = scope.ContainingType)
                for (var t = scope; t is not null; t = t.BaseType)
                    foreach (var member in t.GetMembers())
                    {
                        if (member.IsImplicitlyDeclared || !seen.Add(member)) continue;
                        // A base class's private member is not found from the layer, so it hides nothing.
                        if (!SymbolEqualityComparer.Default.Equals(t, scope) && !compilation.IsSymbolAccessibleWithin(member, type)) continue;
                        if (member is INamedTypeSymbol { Arity: var arity } && arity != SdkNames.Arity(member.Name)) continue;
                        if (SdkNames.UseOf(member.Name, isType: member is INamedTypeSymbol, read) is not { } use) continue;
                        // A member of a compiled base class has no source: the layer's name stands for it.
                        var where = WhereIn(compilation, member, layer);
                        diagnostics.Add(DiagnosticInfo.Create(Descriptors.HiddenSdkName, where, type.Name, member.Name, use));
                    }

            // C# looks in the namespaces the layer is in (innermost first, the global one last) before the generated
            // file's using directives, so a type declared there hides the name too (one of another arity does not:
            // List<Tensor> does not find a class List), as does a namespace (MyCourse.System) except the global
            // namespace's own: a source 'namespace System' is the real System, extended. A type of a referenced
            // library counts as well; it has no source here, so the layer's name stands for it.
            // The compilation's namespace merges the referenced assemblies' members into the source module's.
            for (var ns = compilation.GetCompilationNamespace(type.ContainingNamespace) ?? type.ContainingNamespace; ns is not null; ns = ns.ContainingNamespace)
                foreach (var name in read)
                    foreach (var member in ns.GetMembers(name))
                    {
                        if (member is INamespaceSymbol && ns.IsGlobalNamespace) continue;
                        if (member is INamedTypeSymbol t && (t.Arity != SdkNames.Arity(name) || !compilation.IsSymbolAccessibleWithin(t, type))) continue;
                        var where = WhereIn(compilation, member, layer);
                        diagnostics.Add(DiagnosticInfo.Create(Descriptors.HiddenSdkNameInNamespace, where, member is INamespaceSymbol ? "namespace" : "type",
                            member.ToDisplayString(), member.Name, type.Name, SdkNames.UseOf(member.Name, isType: true, read)!));
                    }

            var locals = new List<SyntaxToken>();
            foreach (var reference in method.DeclaringSyntaxReferences)
                foreach (var node in reference.GetSyntax(ct).DescendantNodes())
                {
                    if (node is ParameterSyntax p) locals.Add(p.Identifier);
                    else if (node is VariableDeclaratorSyntax v) locals.Add(v.Identifier);
                    else if (node is ForEachStatementSyntax f) locals.Add(f.Identifier);
                    else if (node is SingleVariableDesignationSyntax d) locals.Add(d.Identifier);
                }
            foreach (var token in locals)
                if (SdkNames.UseOf(token.ValueText, isType: false, read) is { } use)
                    diagnostics.Add(DiagnosticInfo.Create(Descriptors.HiddenSdkName, token.GetLocation(), type.Name, token.ValueText, use));
        }

        /// <summary>
        /// Where <paramref name="symbol"/>'s name is written in this compilation's files, else <paramref name="fallback"/>
        /// (the layer's name): a symbol of a referenced assembly, or of a referenced project, whose files a diagnostic
        /// of this compilation must not point into.
        /// </summary>
        static Location WhereIn(Compilation compilation, ISymbol symbol, Location fallback) =>
            symbol.Locations.FirstOrDefault(l => l.IsInSource && compilation.ContainsSyntaxTree(l.SourceTree!)) ?? fallback;

        /// <summary>
        /// The members the student declared in the class (not the compiler's), each with where its name is written, then
        /// those it inherits from its base classes and can see: a generated member named like one of those hides it (CS0108,
        /// an error under warnings-as-errors). An inherited member of a compiled class has no source: the layer's name stands for it.
        /// </summary>
        static IEnumerable<(ISymbol Member, Location Where)> VisibleMembers(INamedTypeSymbol type, Compilation compilation, Location layer)
        {
            var names = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (var member in type.GetMembers())
                if (!member.IsImplicitlyDeclared && member.Locations.FirstOrDefault(l => l.IsInSource) is { } where)
                {
                    names.Add(member.Name);
                    yield return (member, where);
                }
            // The nearest base's member of a name stands for the others (an override and what it overrides are one name).
            for (var t = type.BaseType; t is not null && t.SpecialType != SpecialType.System_Object; t = t.BaseType)
                foreach (var member in t.GetMembers())
                    if (!member.IsImplicitlyDeclared && member is not IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor }
                        && compilation.IsSymbolAccessibleWithin(member, type) && names.Add(member.Name))
                        yield return (member, WhereIn(compilation, member, layer));
        }

        static bool HasGenericContainer(INamedTypeSymbol type)
        {
            for (var t = type.ContainingType; t is not null; t = t.ContainingType)
                if (t.IsGenericType) return true;
            return false;
        }

        static bool CheckSignature(IMethodSymbol method, MethodDeclarationSyntax syntax, KnownTypes types, List<DiagnosticInfo> diagnostics)
        {
            string? problem = null;
            Location where = syntax.Identifier.GetLocation();
            if (method.IsGenericMethod) problem = "is generic";
            else if (!types.IsTensor(method.ReturnType) || method.ReturnsByRef) { problem = "does not return a Tensor"; where = syntax.ReturnType.GetLocation(); }
            else if (syntax.Body is null && syntax.ExpressionBody is null) problem = "has no body";
            else
            {
                foreach (var p in method.Parameters)
                {
                    if (p.RefKind != RefKind.None || !types.IsTensor(p.Type) || p.IsParams)
                    {
                        problem = $"takes '{p.Name}' of type '{p.Type.ToDisplayString()}'";
                        where = p.Locations.FirstOrDefault() ?? where;
                        break;
                    }
                }
                if (problem is null && method.Parameters.Length == 0) problem = "takes no input";
            }
            if (problem is null) return true;
            diagnostics.Add(DiagnosticInfo.Create(Descriptors.UnsupportedSignature, where, method.Name, problem));
            return false;
        }

        /// <summary>
        /// A Parameter field needs an initialiser or an assignment in some constructor (by name, possibly this.name or in
        /// a tuple), or in an instance method of the class a constructor calls (<c>Init(inputs, outputs);</c>), and so on.
        /// </summary>
        static void CheckInitialised(INamedTypeSymbol type, List<IFieldSymbol> parameters, List<DiagnosticInfo> diagnostics, CancellationToken ct)
        {
            var assigned = new HashSet<string>();
            var pending = new Stack<SyntaxNode>(type.InstanceConstructors.SelectMany(c => c.DeclaringSyntaxReferences).Select(r => r.GetSyntax(ct)));
            var visited = new HashSet<SyntaxNode>();
            while (pending.Count > 0)
            {
                var syntax = pending.Pop();
                if (!visited.Add(syntax)) continue;
                foreach (var assignment in syntax.DescendantNodes().OfType<AssignmentExpressionSyntax>())
                    foreach (var name in AssignedNames(assignment.Left)) assigned.Add(name);
                foreach (var argument in syntax.DescendantNodes().OfType<ArgumentSyntax>())
                    if (!argument.RefKindKeyword.IsKind(SyntaxKind.None))
                        foreach (var name in AssignedNames(argument.Expression)) assigned.Add(name);
                // The class's own instance methods it calls, by name (every overload: the syntax does not say which).
                foreach (var call in syntax.DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    string? callee = call.Expression switch
                    {
                        SimpleNameSyntax id => id.Identifier.ValueText,   // Init(...) or Init<T>(...)
                        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var n } => n.Identifier.ValueText,
                        _ => null,
                    };
                    if (callee is null) continue;
                    foreach (var method in type.GetMembers(callee).OfType<IMethodSymbol>().Where(m => !m.IsStatic))
                        foreach (var reference in method.DeclaringSyntaxReferences) pending.Push(reference.GetSyntax(ct));
                }
            }
            foreach (var field in parameters)
            {
                var declarator = field.DeclaringSyntaxReferences.Select(r => r.GetSyntax(ct)).OfType<VariableDeclaratorSyntax>().FirstOrDefault();
                if (declarator is null || declarator.Initializer is not null || assigned.Contains(field.Name)) continue;
                diagnostics.Add(DiagnosticInfo.Create(Descriptors.ParameterNeverInitialized, declarator.Identifier.GetLocation(), field.Name));
            }
        }

        static IEnumerable<string> AssignedNames(ExpressionSyntax left)
        {
            switch (left)
            {
                case IdentifierNameSyntax id: yield return id.Identifier.ValueText; break;
                case MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } m: yield return m.Name.Identifier.ValueText; break;
                case TupleExpressionSyntax tuple:
                    foreach (var arg in tuple.Arguments)
                        foreach (var n in AssignedNames(arg.Expression)) yield return n;
                    break;
                case DeclarationExpressionSyntax: break;
            }
        }
    }
}

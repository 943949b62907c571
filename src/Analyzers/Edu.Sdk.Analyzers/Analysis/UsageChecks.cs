using System.Collections.Immutable;
using System.Linq;
using Edu.Sdk.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Edu.Sdk.Analyzers.Analysis
{
    /// <summary>
    /// Each reference to a symbol, however it is spelled (the compiler has already resolved aliases, <c>using
    /// static</c>, extension calls and overloads into the operation's symbol), checked against the rules.
    /// </summary>
    internal sealed class UsageChecks
    {
        readonly AssignmentSettings _settings;
        readonly RuleMatcher _matcher;
        readonly Exemptions _exemptions;
        readonly INamedTypeSymbol? _systemType, _assembly;

        public UsageChecks(AssignmentSettings settings, RuleMatcher matcher, Exemptions exemptions, Compilation compilation)
        {
            _settings = settings;
            _matcher = matcher;
            _exemptions = exemptions;
            _systemType = compilation.GetTypeByMetadataName("System.Type");
            _assembly = compilation.GetTypeByMetadataName("System.Reflection.Assembly");
        }

        public void Invocation(OperationAnalysisContext ctx)
        {
            var op = (IInvocationOperation)ctx.Operation;
            var method = op.TargetMethod;
            if (_matcher.Match(method) is { } rule) Report(ctx, rule, method, Spans.NameOf(op.Syntax));
            else if (TypeArgumentHit(method) is { } hit) Report(ctx, hit.Rule, hit.Type, TypeArgumentLocation(op, hit.Type));
            else Reflection(ctx, op);
        }

        public void ObjectCreation(OperationAnalysisContext ctx)
        {
            var op = (IObjectCreationOperation)ctx.Operation;
            if (op.Constructor is { } ctor && _matcher.Match(ctor) is { } rule) Report(ctx, rule, ctor.ContainingType, Spans.NameOf(op.Syntax));
            else if (op.Type is INamedTypeSymbol type && TypeArgumentHit(type.TypeArguments) is { } hit)
                Report(ctx, hit.Rule, hit.Type, TypeArgumentLocation(op, hit.Type));
        }

        public void MemberReference(OperationAnalysisContext ctx)
        {
            var op = (IMemberReferenceOperation)ctx.Operation;
            if (_matcher.Match(op.Member) is { } rule) Report(ctx, rule, op.Member, Spans.NameOf(op.Syntax));
            // EqualityComparer<Linear>.Default: the containing type's arguments, as for an invoked method's.
            else if (op.Member.IsStatic && ContainingTypeArgumentHit(op.Member.ContainingType) is { } hit)
                Report(ctx, hit.Rule, hit.Type, TypeArgumentLocation(op, hit.Type));
        }

        /// <summary>
        /// A value handed over as a banned type: <c>Trainer.Fit(mlp, …)</c> passes a generated layer as an
        /// <c>IGeneratedLayer</c>, through which Fit runs its generated backward. Reported at the value.
        /// </summary>
        public void Conversion(OperationAnalysisContext ctx)
        {
            var op = (IConversionOperation)ctx.Operation;
            if (op.Type is not { } target || _matcher.MatchType(target) is not { } rule) return;
            // A value already of a banned type came from a use reported where it was made, and null has no type.
            if (op.Operand.Type is not { } source || _matcher.MatchType(source) is not null) return;
            // Handed to a call or member the rules ban: reported there.
            var use = op.Parent is IArgumentOperation argument ? argument.Parent : op.Parent;
            bool usedByBanned = use switch
            {
                IInvocationOperation call => _matcher.Match(call.TargetMethod) is not null,
                IObjectCreationOperation { Constructor: { } ctor } => _matcher.Match(ctor) is not null,
                IMemberReferenceOperation member => _matcher.Match(member.Member) is not null,
                _ => false,
            };
            if (!usedByBanned) Report(ctx, rule, target, op.Operand.Syntax.GetLocation());
        }

        /// <summary><c>new Linear(n, 1)</c> with a dynamic <c>n</c>: the constructor is chosen at run time, the type is known now.</summary>
        public void DynamicObjectCreation(OperationAnalysisContext ctx)
        {
            var op = (IDynamicObjectCreationOperation)ctx.Operation;
            if (_matcher.MatchType(op.Type) is { } rule) Report(ctx, rule, op.Type!, Spans.NameOf(op.Syntax));
        }

        public void TypeOf(OperationAnalysisContext ctx)
        {
            var op = (ITypeOfOperation)ctx.Operation;
            if (_matcher.MatchType(op.TypeOperand) is { } rule) Report(ctx, rule, op.TypeOperand, Spans.NameOf(op.Syntax));
        }

        public void DynamicMember(OperationAnalysisContext ctx)
        {
            var op = (IDynamicMemberReferenceOperation)ctx.Operation;
            // A known receiver (loss.backward(g) with a dynamic g, autograd.grad(dynamicLoss, w)): the member is one of
            // the type's members of that name, chosen at run time. When a rule bans every one of them, the call is
            // as forbidden as with static arguments; when it bans some, the warning below says the rules cannot tell.
            var receiver = op.Instance is { Type: { } instanceType } && instanceType.TypeKind != TypeKind.Dynamic ? instanceType : op.ContainingType;
            var candidates = receiver is null ? ImmutableArray<ISymbol>.Empty : MembersNamed(receiver, op.MemberName);
            var hits = candidates.Select(m => (Member: m, Rule: _matcher.Match(m))).Where(h => h.Rule is not null).ToList();
            if (hits.Count > 0 && hits.Count == candidates.Length)
            {
                Report(ctx, hits[0].Rule!, hits[0].Member, Spans.NameOf(op.Syntax));
                return;
            }
            RuleEntry? rule = hits.Count > 0 ? hits[0].Rule : null;
            if (rule is null && (receiver is not null || !_matcher.BannedMemberNames.TryGetValue(op.MemberName, out rule))) return;
            if (Skipped(ctx.ContainingSymbol, ctx.Operation)) return;
            ctx.ReportDiagnostic(Diagnostic.Create(_settings.Descriptors.DynamicReceiver, Spans.NameOf(op.Syntax),
                Properties(rule, op.MemberName), op.MemberName, _settings.RuleName(rule.Origin)));
        }

        public void BaseType(SyntaxNodeAnalysisContext ctx)
        {
            var typeSyntax = ((BaseTypeSyntax)ctx.Node).Type;
            var type = ctx.SemanticModel.GetTypeInfo(typeSyntax, ctx.CancellationToken).Type;
            if (_matcher.MatchType(type) is not { } rule) return;
            if (_settings.ReferenceExemption && _exemptions.Inside(ctx.ContainingSymbol)) return;
            ctx.ReportDiagnostic(Create(rule, type!, Spans.NameOf(typeSyntax)));
        }

        /// <summary>
        /// <c>typeof(X).GetMethod("backward")</c>, <c>t.GetType().GetProperty("requires_grad")</c>,
        /// <c>Type.GetType("Edu.Sdk.Nn.Linear")</c>: a constant name that a rule bans (warning, as it may be the
        /// student's own member of that name; a <c>typeof</c> of the student's own type that has no such
        /// referenced member is left alone).
        /// </summary>
        void Reflection(OperationAnalysisContext ctx, IInvocationOperation op)
        {
            var method = op.TargetMethod;
            if (op.Arguments.Length == 0 || op.Arguments[0].Value.ConstantValue is not { HasValue: true, Value: string name }) return;
            var container = method.ContainingType?.OriginalDefinition;
            bool onType = SymbolEqualityComparer.Default.Equals(container, _systemType);
            bool onAssembly = SymbolEqualityComparer.Default.Equals(container, _assembly);
            if (!onType && !onAssembly) return;
            RuleEntry? rule = null;
            string shown = name;
            if (method.Name == "GetType" && method.IsStatic || (onAssembly && method.Name == "GetType"))
            {
                int comma = name.IndexOf(',');
                string metadataName = (comma >= 0 ? name.Substring(0, comma) : name).Trim();
                if (ctx.Compilation.GetTypeByMetadataName(metadataName) is { } t) rule = _matcher.Match(t);
            }
            else if (onType && method.Name is "GetMethod" or "GetProperty" or "GetField" or "GetMember" or "GetEvent" or "InvokeMember" or "GetMethods")
            {
                if (!_matcher.BannedMemberNames.TryGetValue(name, out var named)) return;
                if (op.Instance is ITypeOfOperation { TypeOperand: INamedTypeSymbol target })
                {
                    // A known type: only a referenced member of that name that a rule bans.
                    for (var t = target; t is not null && rule is null; t = t.BaseType)
                        foreach (var m in t.GetMembers(name))
                            if (_matcher.Match(m) is { } hit) { rule = hit; break; }
                }
                else rule = named;
            }
            if (rule is null || Skipped(ctx.ContainingSymbol, ctx.Operation)) return;
            ctx.ReportDiagnostic(Diagnostic.Create(_settings.Descriptors.Reflection, op.Arguments[0].Value.Syntax.GetLocation(),
                Properties(rule, shown), shown, _settings.RuleName(rule.Origin)));
        }

        (RuleEntry Rule, ITypeSymbol Type)? TypeArgumentHit(IMethodSymbol method) =>
            TypeArgumentHit(method.TypeArguments) ?? ContainingTypeArgumentHit(method.ContainingType);

        (RuleEntry Rule, ITypeSymbol Type)? ContainingTypeArgumentHit(INamedTypeSymbol? type)
        {
            for (var t = type; t is not null; t = t.ContainingType)
                if (TypeArgumentHit(t.TypeArguments) is { } hit) return hit;
            return null;
        }

        /// <summary>The members named <paramref name="name"/> of <paramref name="type"/> and its base types.</summary>
        static ImmutableArray<ISymbol> MembersNamed(ITypeSymbol type, string name)
        {
            var members = ImmutableArray.CreateBuilder<ISymbol>();
            for (var t = type; t is not null; t = t.BaseType) members.AddRange(t.GetMembers(name));
            return members.ToImmutable();
        }

        (RuleEntry Rule, ITypeSymbol Type)? TypeArgumentHit(ImmutableArray<ITypeSymbol> arguments)
        {
            foreach (var a in arguments)
                if (_matcher.MatchType(a) is { } rule) return (rule, a);
            return null;
        }

        /// <summary>The type argument the student wrote (<c>Linear</c> in <c>Make&lt;Linear&gt;()</c>), else the called name.</summary>
        static Location TypeArgumentLocation(IOperation op, ITypeSymbol banned)
        {
            SyntaxNode? name = op.Syntax switch
            {
                InvocationExpressionSyntax i => i.Expression switch
                {
                    MemberAccessExpressionSyntax m => m.Name,
                    MemberBindingExpressionSyntax b => b.Name,
                    var e => e,
                },
                ObjectCreationExpressionSyntax c => c.Type,
                MemberAccessExpressionSyntax m => m.Expression,
                _ => null,
            };
            if (name is not null && op.SemanticModel is { } model)
                foreach (var list in name.DescendantNodesAndSelf().OfType<TypeArgumentListSyntax>())
                    foreach (var arg in list.Arguments)
                        if (SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(arg).Type, banned)) return Spans.NameOf(arg);
            return Spans.NameOf(op.Syntax);
        }

        bool Skipped(ISymbol? containing, IOperation op)
        {
            if (_settings.ReferenceExemption && _exemptions.Inside(containing)) return true;
            // nameof(x.backward) names the member without using it.
            for (var p = op.Parent; p is not null; p = p.Parent)
                if (p is INameOfOperation) return true;
            return false;
        }

        void Report(OperationAnalysisContext ctx, RuleEntry rule, ISymbol symbol, Location location)
        {
            if (Skipped(ctx.ContainingSymbol, ctx.Operation)) return;
            ctx.ReportDiagnostic(Create(rule, symbol, location));
        }

        Diagnostic Create(RuleEntry rule, ISymbol symbol, Location location) =>
            Diagnostic.Create(_settings.Descriptors.ForCategory(rule.Category), location,
                Properties(rule, Rules.DocIds.Standard(DocumentationCommentId.CreateDeclarationId(symbol.OriginalDefinition) ?? symbol.Name)),
                symbol.ToDisplayString(SymbolDisplayFormat.CSharpShortErrorMessageFormat), _settings.RuleName(rule.Origin), _settings.Advice(rule));

        /// <summary>For tools (the grading report): the symbol's ID and the rule that decided.</summary>
        static ImmutableDictionary<string, string?> Properties(RuleEntry rule, string symbol) =>
            ImmutableDictionary<string, string?>.Empty
                .Add("Symbol", symbol)
                .Add("Rule", rule.Text)
                .Add("RuleLine", rule.Origin.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Edu.Sdk.Generators.Diagnostics;
using Edu.Sdk.Generators.Emit;
using Edu.Sdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Edu.Sdk.Generators.Parsing
{
    internal sealed partial class BodyParser
    {
        /// <summary>Sub-layers already called by this method (a generated layer keeps the values of one forward only).</summary>
        readonly HashSet<string> _called = new HashSet<string>();

        /// <summary>
        /// <c>first.Model(x)</c>, <c>d.Model(h)</c> (d the loop's element) or <c>hidden[i].Model(h)</c>: one node whose
        /// forward is the sub-layer's generated forward and whose backward is its generated backward.
        /// </summary>
        int LayerCall(IInvocationOperation inv)
        {
            var receiver = inv.Instance!;
            while (receiver is IConversionOperation c) receiver = c.Operand;
            string? text = null, key = null;
            switch (receiver)
            {
                case IFieldReferenceOperation f when !f.Field.IsStatic && f.Instance is null or IInstanceReferenceOperation:
                    text = f.Field.Name;
                    key = "field " + f.Field.Name;
                    break;
                case ILocalReferenceOperation l when _loop is not null && SymbolEqualityComparer.Default.Equals(l.Local, _loop.Element):
                    text = l.Local.Name;
                    key = "elements of " + _loop.Collection!.Name;
                    break;
                case IArrayElementReferenceOperation a when _loop is not null && IsLoopCollection(a.ArrayReference) && a.Indices.Length == 1 && IsLoopIndex(a.Indices[0]):
                    text = _loop.Collection!.Name + "[" + _loop.Index!.Name + "]";
                    key = "elements of " + _loop.Collection!.Name;
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: true } p when _loop is not null && p.Instance is { } list && IsLoopCollection(list) && p.Arguments.Length == 1 && IsLoopIndex(p.Arguments[0].Value):
                    text = _loop.Collection!.Name + "[" + _loop.Index!.Name + "]";
                    key = "elements of " + _loop.Collection!.Name;
                    break;
            }
            if (text is null || key is null) return Unsupported(Descriptors.SubLayerReceiver, receiver.Syntax, Short(receiver.Syntax));
            if (!SubLayerCalls.TryDescribe(inv, _types, out var mask, out var backwardParameters, out var expected))
                return Unsupported(Descriptors.SubLayerMethod, inv.Syntax, Short(inv.Syntax), receiver.Type!.Name, text + "." + expected + "(...)");
            // A field called inside a loop runs once per iteration: as bad as calling it twice.
            if (!_called.Add(key) || (_loop is { InLoop: true } && key.StartsWith("field ", System.StringComparison.Ordinal)))
                return Unsupported(Descriptors.SubLayerCalledTwice, inv.Syntax, text);
            var args = new List<int>();
            var arguments = InParameterOrder(inv);
            foreach (var a in arguments)
            {
                int id = Expr(a.Value);
                if (id < 0) return -1;
                args.Add(id);
            }
            // The sub-layer's backward gives a [NonDifferentiable] input nothing, while the tape, which runs the
            // student's method, would differentiate through it: a value with a gradient there is reported, not dropped.
            var memo = new Dictionary<int, bool>();
            for (int i = 0; i < args.Count; i++)
            {
                if (mask[i] != 'n' || !CarriesGradient(args[i], memo)) continue;
                var a = arguments[i];
                return Unsupported(Descriptors.NonDifferentiableArgument, a.Syntax, Short(a.Value.Syntax), a.Parameter!.Name,
                    text + "." + inv.TargetMethod.Name, NonDifferentiableAdvice(a.Value));
            }
            if (WithoutBackward(receiver.Type!) is { } when)
                _diagnostics.Add(DiagnosticInfo.Create(Descriptors.SubLayerWithoutBackward, inv.Syntax.GetLocation(), receiver.Type!.Name, _layer.Name) with { When = when });
            return Add(Op.LayerCall, args.ToArray(), new[] { text, inv.TargetMethod.Name, mask, backwardParameters ? "true" : "false" }, inv.Syntax);
        }

        /// <summary>
        /// When this layer's generated backward would call a sub-layer's backward that does not exist: in a manual
        /// project, an [AutogradReference] layer gets a backward but a [Layer] of this project that is not one gets none;
        /// a compiled layer without <c>backward</c> was built in manual mode. Null when the backward is there.
        /// </summary>
        ModeCondition? WithoutBackward(ITypeSymbol sub)
        {
            bool reference = KnownTypes.HasAttribute(_layer, KnownTypes.AutogradReferenceName);
            if (sub.Locations.Any(l => l.IsInSource))
                return reference && KnownTypes.HasAttribute(sub, KnownTypes.LayerName) && !KnownTypes.HasAttribute(sub, KnownTypes.AutogradReferenceName)
                    ? ModeCondition.Manual
                    : null;
            if (sub.GetMembers(LayerSurface.Backward).Length > 0) return null;
            return reference ? ModeCondition.Always : ModeCondition.OutsideManual;
        }

        /// <summary>EDU1037's advice: mark the input [NonDifferentiable] when the argument is one, else detach() it.</summary>
        static string NonDifferentiableAdvice(IOperation argument) =>
            Bare(argument) is IParameterReferenceOperation p
                ? string.Format(CultureInfo.InvariantCulture, Descriptors.NonDifferentiableArgumentIsInput, p.Parameter.Name)
                : string.Format(CultureInfo.InvariantCulture, Descriptors.NonDifferentiableArgumentIsExpression, Grouped(argument, Short(argument.Syntax)));

        bool IsLoopCollection(IOperation e)
        {
            while (e is IConversionOperation c) e = c.Operand;
            return e is IFieldReferenceOperation f && SymbolEqualityComparer.Default.Equals(f.Field, _loop!.Collection);
        }

        bool IsLoopIndex(IOperation e)
        {
            while (e is IConversionOperation c) e = c.Operand;
            return _loop!.Index is { } index && e is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, index);
        }

        /// <summary>
        /// A value read inside a loop body or a branch that was made around it (before the loop, before the if) enters
        /// the body as an <see cref="Op.Outer"/> leaf standing for it; a branch inside a loop body reading a value from
        /// before the loop reads the loop's leaf for it. The body's node for the value is returned.
        /// </summary>
        int InScope(int id) => _loop is null ? id : Enclosed(_loop, id);

        int Enclosed(LoopScope scope, int id)
        {
            if (scope.Ids.Contains(id)) return id;
            int outer = scope.Outer is null ? id : Enclosed(scope.Outer, id);
            foreach (var (enclosing, leaf) in scope.OuterReads)
                if (enclosing == outer) return leaf;
            var current = _loop;
            _loop = scope;
            int read = Add(Op.Outer, new int[0], new[] { outer.ToString(CultureInfo.InvariantCulture) }, "", false, _line, _nodes[id].Text);
            _loop = current;
            scope.OuterReads.Add((outer, read));
            return read;
        }
    }
}

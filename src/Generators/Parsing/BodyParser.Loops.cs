using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Edu.Sdk.Generators.Derivation;
using Edu.Sdk.Generators.Diagnostics;
using Edu.Sdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Edu.Sdk.Generators.Parsing
{
    internal sealed partial class BodyParser
    {
        /// <summary>The loop being parsed: its collection, element or index, and the ids and leaves of its body's own graph.</summary>
        sealed class LoopScope
        {
            public IFieldSymbol? Collection;
            /// <summary>The branch of an <c>if</c> (runs at most once) rather than a loop.</summary>
            public bool IsBranch;
            public ILocalSymbol? Element, Index;
            /// <summary>The scope this one is nested in (a branch inside a loop body), or null.</summary>
            public LoopScope? Outer;
            /// <summary>True inside a loop over sub-layers, directly or in a branch of its body: the code runs once per element.</summary>
            public bool InLoop => !IsBranch || (Outer?.InLoop ?? false);
            public readonly HashSet<int> Ids = new HashSet<int>();
            public readonly Dictionary<string, int> Leaves = new Dictionary<string, int>();
            /// <summary>The body's reads of enclosing values: the enclosing id, and the <see cref="Op.Outer"/> leaf standing for it, in order of first read.</summary>
            public readonly List<(int Enclosing, int Leaf)> OuterReads = new List<(int, int)>();
        }

        LoopScope? _loop;
        readonly HashSet<int> _inBody = new HashSet<int>();

        /// <summary><c>foreach (var d in hidden) h = d.Model(h);</c> over an array or list field of sub-layers.</summary>
        void ForEach(IForEachLoopOperation loop)
        {
            if (_loop is not null) { Report(Descriptors.UnsupportedLoop, loop.Syntax.GetFirstToken().GetLocation()); return; }
            var collection = LayerCollection(loop.Collection, out var countMember);
            if (collection is null || loop.LoopControlVariable is not IVariableDeclaratorOperation element)
            {
                Report(Descriptors.UnsupportedLoop, (collection is null ? loop.Collection.Syntax : loop.Syntax.GetFirstToken().Parent!).GetLocation());
                return;
            }
            RunLoop(loop.Body, loop.Syntax, collection, countMember, element.Symbol, null);
        }

        /// <summary><c>for (int i = 0; i &lt; hidden.Length; i++) h = hidden[i].Model(h);</c> (Count for a list).</summary>
        void For(IForLoopOperation loop)
        {
            var keyword = loop.Syntax.GetFirstToken().GetLocation();
            if (_loop is not null) { Report(Descriptors.UnsupportedLoop, keyword); return; }
            ILocalSymbol? index = null;
            if (loop.Before.Length == 1 && loop.Before[0] is IVariableDeclarationGroupOperation { Declarations.Length: 1 } group &&
                group.Declarations[0].Declarators.Length == 1 && group.Declarations[0].Declarators[0] is var d &&
                d.Symbol.Type.SpecialType == SpecialType.System_Int32 &&
                (d.Initializer ?? group.Declarations[0].Initializer)?.Value.ConstantValue is { HasValue: true, Value: 0 })
                index = d.Symbol;
            IFieldSymbol? collection = null;
            string countMember = "";
            if (index is not null && loop.Condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan } cond &&
                Unwrap(cond.LeftOperand) is ILocalReferenceOperation left && SymbolEqualityComparer.Default.Equals(left.Local, index) &&
                Unwrap(cond.RightOperand) is IPropertyReferenceOperation { Property.Name: "Length" or "Count", Instance: { } counted })
            {
                collection = LayerCollection(counted, out countMember);
            }
            bool step = loop.AtLoopBottom.Length == 1 && loop.AtLoopBottom[0] is IExpressionStatementOperation
            {
                Operation: IIncrementOrDecrementOperation { Kind: OperationKind.Increment, Target: ILocalReferenceOperation inc }
            } && SymbolEqualityComparer.Default.Equals(inc.Local, index);
            if (index is null || collection is null || !step) { Report(Descriptors.UnsupportedLoop, keyword); return; }
            RunLoop(loop.Body, loop.Syntax, collection, countMember, null, index);
        }

        /// <summary>The operation under conversions and declaration expressions (the tuple of <c>var (a, b)</c>).</summary>
        static IOperation Unwrap(IOperation e)
        {
            while (true)
            {
                if (e is IConversionOperation c) e = c.Operand;
                else if (e is IDeclarationExpressionOperation d) e = d.Expression;
                else return e;
            }
        }

        IFieldSymbol? LayerCollection(IOperation e, out string countMember)
        {
            countMember = "";
            e = Unwrap(e);
            if (e is not IFieldReferenceOperation { Field.IsStatic: false } f || f.Instance is not (null or IInstanceReferenceOperation)) return null;
            return _types.LayerElement(f.Field.Type, out countMember) is null ? null : f.Field;
        }

        /// <summary>
        /// Parses the body into a graph of its own whose input is the one tensor the loop carries (the local or input
        /// it assigns), then adds one <see cref="Op.Loop"/> node to the method's graph and binds the carried name to it.
        /// </summary>
        /// <returns>The loop or branch node, or -1 when the body was reported.</returns>
        int RunLoop(IOperation loopBody, SyntaxNode loopSyntax, IFieldSymbol? collection, string countMember, ILocalSymbol? element, ILocalSymbol? index,
            Arm? arm = null)
        {
            var loop = (Body: loopBody, Syntax: loopSyntax);
            var keyword = loop.Syntax.GetFirstToken().GetLocation();
            // A return or a throw in the body is what is wrong, not how many tensors it assigns (found by a review).
            bool leaves = false;
            foreach (var exit in loop.Body.DescendantsAndSelf())
            {
                if (exit is not (IReturnOperation or IThrowOperation) || InsideFunction(exit, loop.Body)) continue;
                if (exit is IReturnOperation) { Report(Descriptors.EarlyReturn, exit.Syntax); leaves = true; }
                else if (exit is IThrowOperation { Syntax: var thrown })
                {
                    var token = thrown.GetFirstToken();
                    Report(Descriptors.UnsupportedStatement, token.GetLocation(), token.Text);
                    leaves = true;
                }
            }
            if (leaves) return -1;
            var carried = arm?.EmptyOf is { } unchanged ? new List<ISymbol> { unchanged } : Carried(loop.Body);
            if (carried.Count != 1)
            {
                Report(Descriptors.LoopCarry, keyword, carried.Count.ToString(CultureInfo.InvariantCulture),
                    carried.Count == 0 ? "none" : string.Join(", ", carried.Select(c => c.Name)));
                return -1;
            }
            var symbol = carried[0];
            int outer = Binding(symbol);
            if (outer < 0)
            {
                var read = loop.Body.Descendants().FirstOrDefault(o => o is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, symbol));
                if (!(symbol is ILocalSymbol local && _poisoned.Contains(local)))
                    Report(Descriptors.TensorUsedBeforeAssignment, (read?.Syntax ?? loop.Syntax).GetLocation(), symbol.Name);
                return -1;
            }

            int line = _line, errors = _diagnostics.Count, poisoned = _poisoned.Count;
            int assignedBefore = symbol is ILocalSymbol counted && _assignments.TryGetValue(counted, out int n) ? n : 0;
            // A branch inside a loop body sees the loop's element and index (d.Model(h), hidden[i].Model(h), if (i < n)).
            var enclosing = _loop;
            var scope = new LoopScope
            {
                Collection = collection ?? enclosing?.Collection,
                Element = element ?? enclosing?.Element,
                Index = index ?? enclosing?.Index,
                IsBranch = arm is not null,
                Outer = enclosing,
            };
            _loop = scope;
            int input = Add(Op.LoopIn, new int[0], null, symbol.Name, true, line, symbol.Name);
            SetBinding(symbol, input);
            if (loop.Body is IBlockOperation block)
                foreach (var s in block.Operations) Statement(s, isLast: false);
            else
                Statement(loop.Body, isLast: false);
            int output = Binding(symbol);
            _loop = enclosing;
            SetBinding(symbol, outer);
            _line = line;
            _statementStart = _nodes.Count;
            // A local poisoned in the body failed on something already reported (a lambda's call): nothing more to say.
            if (_diagnostics.Count > errors || _poisoned.Count > poisoned || output < 0) return -1;
            if (output == input && arm?.EmptyOf is null) { Report(Descriptors.LoopCarry, keyword, "0", "none"); return -1; }

            // A foreach's generated for loops need an index: i, unless the class or method uses that name.
            string indexName = index?.Name ?? (collection is null ? "" : LoopIndex);
            var body = new LoopBody(collection?.Name ?? "", countMember, element?.Name ?? "", "", indexName,
                _nodes.Where(n => scope.Ids.Contains(n.Id)).ToEquatableArray(), input, output)
            {
                Condition = arm?.Shown ?? "",
                Test = arm?.Test ?? "",
                EarlierArms = (arm?.Earlier ?? new int[0]).ToEquatableArray(),
                DeclaresVariables = arm?.DeclaresVariables ?? false,
                Workspace = LoopWorkspace,
            };
            body = body with { Outer = scope.OuterReads.Select(r => r.Leaf).ToEquatableArray() };
            var args = new[] { outer }.Concat(scope.OuterReads.Select(r => r.Enclosing)).ToArray();
            if (arm?.EmptyOf is { } kept)
            {
                // An empty arm makes no value: the carried local keeps its binding, and the arm's node, which nothing
                // reads, stands for its record (_if_h_2), named as the local's next value would be.
                int record = Add(Op.Loop, args, null, SkippedVersion(kept), true, _line, arm.Text);
                _nodes[record] = _nodes[record] with { Body = body };
                return record;
            }
            int id = arm is null ? Add(Op.Loop, args, null, loop.Syntax) : Add(Op.Loop, args, null, "", false, _line, arm.Text);
            _nodes[id] = _nodes[id] with { Body = body };
            if (symbol is ILocalSymbol carriedLocal)
            {
                // The body's last value is renamed to the loop's (it is what an iteration leaves in h): when the last
                // assignment named it, the loop's value takes that name (h_2, not h_3), and no number is skipped.
                if (_assignments.TryGetValue(carriedLocal, out int after) && after > assignedBefore && _nodes[output].Name == VersionName(carriedLocal, after))
                    _assignments[carriedLocal] = after - 1;
                Bind(carriedLocal, id);
            }
            else NameInputAssignment(symbol.Name, id);
            return id;
        }

        /// <summary>
        /// What <see cref="RunLoop"/> needs of an arm of an <c>if</c>: its condition for the comments (<see cref="LoopBody.Condition"/>),
        /// its own test, the earlier arms' nodes, whether its condition declares variables, its text, and for an empty arm
        /// (<c>if (frozen) { }</c>) the tensor the other arms carry, whose value it leaves as it is.
        /// </summary>
        sealed record Arm(string Shown, string Test, int[] Earlier, bool DeclaresVariables, string Text, ISymbol? EmptyOf);

        /// <summary>
        /// The tensors a loop's or an arm's body assigns that were declared before it: the locals it does not declare
        /// itself (var h2 = ...; var (a, b) = ...) and the method's inputs.
        /// </summary>
        List<ISymbol> Carried(IOperation body)
        {
            var declared = new HashSet<ISymbol>(body.Descendants().OfType<IVariableDeclaratorOperation>().Select(v => (ISymbol)v.Symbol)
                .Concat(body.Descendants().OfType<ILocalReferenceOperation>().Where(l => l.IsDeclaration).Select(l => (ISymbol)l.Local)), SymbolEqualityComparer.Default);
            var carried = new List<ISymbol>();
            foreach (var target in body.DescendantsAndSelf().SelectMany(AssignedTargets))
            {
                ISymbol? s = target switch
                {
                    ILocalReferenceOperation l when _types.IsTensor(l.Local.Type) && !declared.Contains(l.Local) => l.Local,
                    IParameterReferenceOperation p when _types.IsTensor(p.Parameter.Type) && _leaves.ContainsKey(p.Parameter.Name) => p.Parameter,
                    _ => null,
                };
                if (s is not null && !carried.Contains(s, SymbolEqualityComparer.Default)) carried.Add(s);
            }
            return carried;
        }

        /// <summary>
        /// The name the next value of <paramref name="symbol"/> would take, taken by an empty arm that makes no value (its
        /// record is <c>_if_h_2</c>; the next value is <c>h_3</c>).
        /// </summary>
        string SkippedVersion(ISymbol symbol)
        {
            if (symbol is ILocalSymbol local) return NextVersion(local);
            _inputAssignments.TryGetValue(symbol.Name, out int assigned);
            _inputAssignments[symbol.Name] = ++assigned;
            return Version(InputVersions(symbol.Name), symbol.Name, assigned + 1);
        }

        /// <summary>What <paramref name="o"/> assigns: the target of an assignment, each element of a deconstruction's tuple.</summary>
        static IEnumerable<IOperation> AssignedTargets(IOperation o) => o switch
        {
            ISimpleAssignmentOperation a => new[] { a.Target },
            ICompoundAssignmentOperation c => new[] { c.Target },
            IDeconstructionAssignmentOperation d when Unwrap(d.Target) is ITupleOperation tuple => tuple.Elements.Select(Unwrap),
            _ => Enumerable.Empty<IOperation>(),
        };

        /// <summary>True when <paramref name="o"/> is inside a lambda or local function within <paramref name="body"/> (its return is the function's).</summary>
        static bool InsideFunction(IOperation o, IOperation body)
        {
            for (var p = o.Parent; p is not null && p != body; p = p.Parent)
                if (p is IAnonymousFunctionOperation or ILocalFunctionOperation) return true;
            return false;
        }

        /// <summary>
        /// <c>if (useBias) z = z + b;</c>, with its <c>else if</c> and <c>else</c> arms, on non-tensor conditions: each arm
        /// is a body run at most once, carrying one tensor local like a loop, one after another. Arm k runs when no
        /// earlier arm ran and its own condition holds, so each condition is evaluated once and only when C# would
        /// (a random draw in a condition decides one arm, as in the student's method). The forward records which ran.
        /// </summary>
        void Branch(IConditionalOperation conditional)
        {
            var keyword = conditional.Syntax.GetFirstToken().GetLocation();
            // Inside a loop body the branch is replayed per iteration; an if inside a branch is not supported (combine the conditions).
            if (_loop is { IsBranch: true }) { Report(Descriptors.NestedBranch, keyword); return; }
            var arms = new List<(IOperation Body, SyntaxNode Syntax, IOperation? Condition)>();
            for (var arm = conditional; arm is not null;)
            {
                arms.Add((arm.WhenTrue, arm.Syntax, arm.Condition));
                if (ElseIf(arm.WhenFalse) is { } elseIf)
                {
                    if (ReadsTensor(elseIf.Condition)) { Report(Descriptors.TensorCondition, elseIf.Condition.Syntax); return; }
                    arm = elseIf;
                }
                else
                {
                    if (arm.WhenFalse is { } otherwise) arms.Add((otherwise, otherwise.Syntax, null));
                    arm = null;
                }
            }
            // Empty arms at the end (else { }, else ;, else if (c) { }) change nothing, unless a condition does
            // something (a random draw): the C# after them runs as if they were not there.
            while (arms.Count > 0 && IsEmpty(arms[arms.Count - 1].Body) && !MayHaveEffects(arms[arms.Count - 1].Condition)) arms.RemoveAt(arms.Count - 1);
            // An empty arm before others (if (frozen) { } else h = relu(h);) decides that they do not run; it is named
            // after what they carry.
            // An if that does nothing (if (useBias) { }, its arm written later or commented out) is no branch.
            if (arms.Count == 0) return;
            var filled = arms.FirstOrDefault(a => !IsEmpty(a.Body)).Body;
            if (filled is null)
            {
                // Only empty arms are left, kept for a condition that does something: nothing to record or replay.
                var effect = arms.First(a => MayHaveEffects(a.Condition)).Condition!;
                Report(Descriptors.EmptyIfWithEffects, effect.Syntax, Short(effect.Syntax));
                return;
            }
            var carriedByArms = Carried(filled);
            // Tensor g; if (c) g = relu(h); else g = tanh(h);: valid C#, but the if carries a value that has none yet
            // (the arms' first use of g is a write, so "read before it holds a tensor" would point at the wrong thing).
            if (carriedByArms.Count == 1 && carriedByArms[0] is ILocalSymbol fresh && Binding(fresh) < 0 && !_poisoned.Contains(fresh) &&
                arms.All(a => FirstUseIsWrite(a.Body, fresh)))
            {
                Report(Descriptors.SetFirstInBranch, keyword, fresh.Name);
                _poisoned.Add(fresh);   // its reads after the if say nothing more
                return;
            }
            var unchanged = carriedByArms.Count == 1 && Binding(carriedByArms[0]) >= 0 ? carriedByArms[0] : null;
            // One run takes one arm: a sub-layer called in every arm still runs once (the called set of each arm starts
            // from the one before the if, and the if leaves their union).
            var calledBefore = new HashSet<string>(_called);
            var calledByArms = new HashSet<string>(_called);
            var earlier = new List<int>();
            var notEarlier = new List<string>();
            foreach (var (body, syntax, condition) in arms)
            {
                string text = "", test = "";
                if (condition is not null)
                {
                    if (Copied(condition) is not { } copied) return;
                    text = copied;
                    test = Grouped(condition, text);
                }
                // What the comments show: the arm's condition after the earlier arms' negated (smooth; !smooth;
                // !(mode == 1) && (mode == 2)). The first arm's is the forward's test as written.
                string shown = earlier.Count == 0 ? text : string.Join(" && ", notEarlier.Concat(test.Length > 0 ? new[] { test } : new string[0]));
                _called.Clear();
                _called.UnionWith(calledBefore);
                bool declares = condition is not null && condition.Syntax.DescendantNodesAndSelf().Any(s => s is SingleVariableDesignationSyntax);
                // The arm's own text for the comments (if (a) h = relu(h); / else if (b) ... / else ...), not the rest of the chain.
                string armText = (earlier.Count == 0 ? "" : "else ") + (condition is null ? "" : $"if ({Short(condition.Syntax)}) ") + Short(body.Syntax);
                bool empty = IsEmpty(body);
                // The arm with a value reports what it carries wrong (none, several, or a tensor not yet assigned).
                if (empty && unchanged is null) continue;
                int id = RunLoop(body, syntax, null, "", null, null, new Arm(shown, test, earlier.ToArray(), declares, armText, empty ? unchanged : null));
                if (id < 0) return;
                calledByArms.UnionWith(_called);
                earlier.Add(id);
                notEarlier.Add("!" + test);
            }
            _called.Clear();
            _called.UnionWith(calledByArms);
        }

        /// <summary>
        /// The <c>if</c> of an <c>else if</c>. One whose condition declares a variable (<c>out var k</c>, <c>is { } n</c>)
        /// comes in an implicit block that holds the variable.
        /// </summary>
        static IConditionalOperation? ElseIf(IOperation? otherwise) => otherwise switch
        {
            IConditionalOperation c => c,
            IBlockOperation { IsImplicit: true, Operations: { Length: 1 } ops } when ops[0] is IConditionalOperation c => c,
            _ => null,
        };

        /// <summary>True when <paramref name="local"/> is not read in <paramref name="arm"/> before its first assignment there (or not used there at all).</summary>
        static bool FirstUseIsWrite(IOperation arm, ILocalSymbol local)
        {
            IEnumerable<ILocalReferenceOperation> References(IOperation o) =>
                o.DescendantsAndSelf().OfType<ILocalReferenceOperation>().Where(l => SymbolEqualityComparer.Default.Equals(l.Local, local));
            bool Uses(IOperation o) => References(o).Any();
            var first = References(arm).FirstOrDefault();
            if (first is null) return true;
            // The target of g = ... or of (g, _) = (..., ...); g = relu(g) reads g first: its value runs before the write.
            IOperation target = first;
            while (target.Parent is ITupleOperation tuple) target = tuple;
            return target.Parent is IAssignmentOperation assignment && assignment.Target == target && assignment is not ICompoundAssignmentOperation && !Uses(assignment.Value);
        }

        /// <summary>An arm that does nothing: <c>{ }</c>, <c>;</c>, or blocks of those.</summary>
        static bool IsEmpty(IOperation arm) => arm switch
        {
            IEmptyOperation => true,
            IBlockOperation block => block.Operations.All(IsEmpty),
            _ => false,
        };

        /// <summary>
        /// True when evaluating <paramref name="condition"/> may change something (it calls a method, assigns, increments,
        /// awaits): an empty arm with such a condition is kept, so that the forward evaluates it where C# does.
        /// </summary>
        static bool MayHaveEffects(IOperation? condition) =>
            condition is not null && condition.DescendantsAndSelf().Any(o =>
                o is IInvocationOperation or IAssignmentOperation or IIncrementOrDecrementOperation or IAwaitOperation or IObjectCreationOperation);

        /// <summary>
        /// The condition's text as an operand of <c>!</c> or <c>&amp;&amp;</c>: as it is when it is one name, member, call or
        /// parenthesised expression, else in parentheses.
        /// </summary>
        static string Grouped(IOperation condition, string text) =>
            condition.Syntax is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ParenthesizedExpressionSyntax
                or LiteralExpressionSyntax or ElementAccessExpressionSyntax
                ? text
                : "(" + text + ")";

        int Binding(ISymbol s) => s switch
        {
            ILocalSymbol l => _locals.TryGetValue(l, out int id) ? id : -1,
            _ => _leaves.TryGetValue(s.Name, out int id) ? id : -1,
        };

        void SetBinding(ISymbol s, int id)
        {
            if (s is ILocalSymbol l) _locals[l] = id;
            else _leaves[s.Name] = id;
        }
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Edu.Sdk.Generators.Diagnostics;
using Edu.Sdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Edu.Sdk.Generators.Parsing
{
    /// <summary>
    /// Turns the body of a [Differentiable] method (its IOperation tree) into the forward's expression graph: one
    /// <see cref="ValueNode"/> per tensor value, locals bound to the nodes they hold (a reassignment makes a new
    /// node), and a diagnostic on the exact span of anything the derivation cannot handle.
    /// </summary>
    internal sealed partial class BodyParser
    {
        readonly KnownTypes _types;
        readonly List<ValueNode> _nodes = new List<ValueNode>();
        readonly Dictionary<ILocalSymbol, int> _locals = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        /// <summary>How many values each local has named so far (h, h_2, ...): the number of the next one.</summary>
        readonly Dictionary<ILocalSymbol, int> _assignments = new Dictionary<ILocalSymbol, int>(SymbolEqualityComparer.Default);
        readonly Dictionary<string, int> _inputAssignments = new Dictionary<string, int>();
        readonly Dictionary<string, int> _leaves = new Dictionary<string, int>();
        readonly List<DiagnosticInfo> _diagnostics;
        readonly List<int> _sourceLines = new List<int>();
        int _line;
        int _statementStart;

        /// <summary>Names a local the generated code declares must avoid (see <see cref="LayerModel.ReservedNames"/>).</summary>
        readonly HashSet<string> _reserved;

        /// <summary>The layer: the numbers and conditions copied into its generated part are written as it sees names (<see cref="QualifiedText"/>).</summary>
        readonly INamedTypeSymbol _layer;

        public BodyParser(KnownTypes types, INamedTypeSymbol layer, List<DiagnosticInfo> diagnostics, int methodLine, HashSet<string> reserved)
        {
            _types = types;
            _layer = layer;
            _reserved = reserved;
            LoopWorkspace = Derivation.Naming.Unique("ws", new HashSet<string>(reserved));
            LoopIndex = Derivation.Naming.Unique("i", new HashSet<string>(reserved));
            _given.Add(LoopWorkspace);
            _given.Add(LoopIndex);
            _diagnostics = diagnostics;
            _sourceLines.Add(methodLine);
        }

        /// <summary>
        /// The source line of each statement ordinal that nodes carry in <see cref="ValueNode.Line"/> (0: the method).
        /// Nodes hold ordinals, not lines, so a layer whose lines move keeps an equal model (see <see cref="SourceMap"/>).
        /// </summary>
        public IReadOnlyList<int> SourceLines => _sourceLines;

        /// <summary>The method's graph (loop bodies are graphs of their own, held by their loop node).</summary>
        public IReadOnlyList<ValueNode> Nodes => _nodes.Where(n => !_inBody.Contains(n.Id)).ToList();

        public int ReturnId { get; private set; } = -1;

        /// <summary>Declares the method's tensor arguments as the graph's inputs, in order.</summary>
        public void DeclareInput(string name, int index, bool differentiable)
        {
            _leaves[name] = Add(Op.Input, new int[0], new[] { index.ToString(CultureInfo.InvariantCulture), differentiable ? "diff" : "nondiff" }, name, true, 0, name);
            Version(InputVersions(name), name, 1);
        }

        public void Parse(IMethodBodyOperation body)
        {
            var block = body.BlockBody ?? body.ExpressionBody;
            if (block is null) return;
            ParseBlock(block, isMethodBlock: true);
        }

        void ParseBlock(IBlockOperation block, bool isMethodBlock)
        {
            var statements = block.Operations;
            for (int i = 0; i < statements.Length; i++)
                Statement(statements[i], isMethodBlock && i == statements.Length - 1);
        }

        void Statement(IOperation s, bool isLast)
        {
            _sourceLines.Add(LineOf(s.Syntax));
            _line = _sourceLines.Count - 1;
            _statementStart = _nodes.Count;
            switch (s)
            {
                case IVariableDeclarationGroupOperation group:
                    foreach (var declaration in group.Declarations)
                        foreach (var declarator in declaration.Declarators)
                            Declare(declarator, declaration, declarator.Initializer?.Value ?? declaration.Initializer?.Value);
                    break;
                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment }:
                    Assign(assignment.Target, assignment.Value, null, assignment.Syntax);
                    break;
                case IExpressionStatementOperation { Operation: ICompoundAssignmentOperation compound }:
                    Assign(compound.Target, compound.Value, compound, compound.Syntax);
                    break;
                case IExpressionStatementOperation { Operation: IDeconstructionAssignmentOperation deconstruction }:
                    Deconstruct(deconstruction);
                    break;
                case IExpressionStatementOperation expression:
                    Expr(expression.Operation);
                    break;
                case IReturnOperation ret:
                    if (!isLast) Report(Descriptors.EarlyReturn, ret.Syntax);
                    else if (ret.ReturnedValue is { } value) ReturnId = Expr(value);
                    break;
                case IBlockOperation inner:
                    ParseBlock(inner, isMethodBlock: false);
                    break;
                case IEmptyOperation:
                    break;
                case IForEachLoopOperation forEach:
                    ForEach(forEach);
                    break;
                case IForLoopOperation forLoop:
                    For(forLoop);
                    break;
                case ILoopOperation loop:
                    Report(Descriptors.UnsupportedLoop, loop.Syntax.GetFirstToken().GetLocation());
                    break;
                case ILocalFunctionOperation local:
                    Report(Descriptors.LambdaInBody, local.Syntax);
                    break;
                case IConditionalOperation conditional:
                    if (ReadsTensor(conditional.Condition)) Report(Descriptors.TensorCondition, conditional.Condition.Syntax);
                    else Branch(conditional);
                    break;
                default:
                    Report(Descriptors.UnsupportedStatement, s.Syntax.GetFirstToken().GetLocation(), s.Syntax.GetFirstToken().Text);
                    break;
            }
        }

        void Declare(IVariableDeclaratorOperation declarator, IVariableDeclarationOperation declaration, IOperation? initializer)
        {
            var local = declarator.Symbol;
            if (initializer is not null && Unwrap(initializer) is IAnonymousFunctionOperation or IDelegateCreationOperation)
            {
                // The lambda is what to change, not the local's type; its calls then report nothing more.
                Report(Descriptors.LambdaInBody, initializer.Syntax);
                _poisoned.Add(local);
                return;
            }
            if (!_types.IsTensor(local.Type))
            {
                Report(Descriptors.NonTensorLocal, declaration.Declarators.Length == 1 ? declaration.Syntax : declarator.Syntax, local.Name, local.Type.ToDisplayString());
                _poisoned.Add(local);
                return;
            }
            if (initializer is null || IsNullOrDefault(initializer)) return;
            int id = Expr(initializer);
            if (id >= 0) Bind(local, id);
            else _poisoned.Add(local);
        }

        /// <summary>
        /// <c>var (a, b) = (x, h);</c>, <c>(Tensor a, Tensor b) = ...</c> or <c>(a, b) = (b, a);</c>: each tensor local
        /// (or input of the method) takes its element of a tuple written out, every element computed before any local changes (a swap swaps).
        /// Anything else (a tuple returned by a call, a number among the locals) is reported once, and the locals it
        /// would have set report nothing more.
        /// </summary>
        void Deconstruct(IDeconstructionAssignmentOperation d)
        {
            var targets = (Unwrap(d.Target) as ITupleOperation)?.Elements.Select(Unwrap).ToList();
            var values = (Unwrap(d.Value) as ITupleOperation)?.Elements;
            bool supported = targets is not null && values is not null && targets.Count == values.Value.Length &&
                targets.All(t => t is IDiscardOperation || (t is ILocalReferenceOperation l && _types.IsTensor(l.Local.Type)) ||
                    (t is IParameterReferenceOperation p && _types.IsTensor(p.Type) && _leaves.ContainsKey(p.Parameter.Name)));
            if (!supported)
            {
                Report(Descriptors.UnsupportedExpression, d.Syntax, Short(d.Syntax));
                foreach (var l in d.Target.DescendantsAndSelf().OfType<ILocalReferenceOperation>()) _poisoned.Add(l.Local);
                return;
            }
            var ids = values!.Value.Select(Expr).ToList();
            for (int i = 0; i < ids.Count; i++)
            {
                if (targets![i] is IParameterReferenceOperation input)
                {
                    // An input set again is a new value named after it (x_2), as with x = tanh(x).
                    if (ids[i] >= 0) NameInputAssignment(input.Parameter.Name, ids[i]);
                    continue;
                }
                if (targets[i] is not ILocalReferenceOperation l) continue;
                if (ids[i] >= 0) Bind(l.Local, ids[i]);
                else _poisoned.Add(l.Local);
            }
        }

        /// <summary>Locals whose value already has a diagnostic: reading them reports nothing more.</summary>
        readonly HashSet<ILocalSymbol> _poisoned = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);

        void Assign(IOperation target, IOperation value, ICompoundAssignmentOperation? compound, SyntaxNode syntax)
        {
            if (target is ILocalReferenceOperation l && _types.IsTensor(l.Local.Type))
            {
                if (compound is null)
                {
                    if (IsNullOrDefault(value)) { _locals.Remove(l.Local); return; }
                    int v = Expr(value);
                    if (v >= 0) Bind(l.Local, v);
                    else _poisoned.Add(l.Local);
                    return;
                }
                int left = Expr(target);
                bool tensorRight = compound.Value.Type is { } t && _types.IsTensor(t);
                int right = tensorRight ? Expr(compound.Value) : -1;
                // A tensor right side already reported is not read again as a number (a second diagnostic; a review).
                if (left < 0 || (tensorRight && right < 0)) return;
                int id = compound.OperatorKind switch
                {
                    BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide =>
                        right >= 0 ? Add(TensorBinary(compound.OperatorKind), new[] { left, right }, null, syntax)
                                   : ScalarBinary(compound.OperatorKind, left, compound.Value, scalarFirst: false, syntax),
                    _ => Unsupported(Descriptors.UnsupportedExpression, syntax, Short(syntax)),
                };
                if (id >= 0) Bind(l.Local, id);
                return;
            }
            if (target is IParameterReferenceOperation pr && compound is null && _types.IsTensor(pr.Type) && _leaves.ContainsKey(pr.Parameter.Name))
            {
                // Reassigning an input (x = x * 2) makes a new value named x_2; the input itself is unchanged.
                int v = Expr(value);
                if (v < 0) return;
                NameInputAssignment(pr.Parameter.Name, v);
                return;
            }
            if (target is IFieldReferenceOperation or IPropertyReferenceOperation or IArrayElementReferenceOperation)
            {
                Report(Descriptors.TensorEscapes, target.Syntax, Short(target.Syntax));
                return;
            }
            Report(Descriptors.UnsupportedExpression, syntax, Short(syntax));
        }

        void NameInputAssignment(string input, int v)
        {
            _inputAssignments.TryGetValue(input, out int count);
            _inputAssignments[input] = ++count;
            var node = _nodes[v];
            if (v >= _statementStart && !node.Named)
                _nodes[v] = node with { Name = Version(InputVersions(input), input, count + 1), Named = true };
            _leaves[input] = v;
        }

        /// <summary>
        /// Binds a local to a node: a node made by this statement takes the local's name (h, then h_2 on reassignment).
        /// Only the values that take a name count: after <c>var h = x;</c>, which names nothing (h is x), the loop
        /// that reassigns h gives <c>h</c>, not <c>h_2</c>.
        /// </summary>
        void Bind(ILocalSymbol local, int id)
        {
            _locals[local] = id;
            var node = _nodes[id];
            if (id < _statementStart || node.Named) return;
            _nodes[id] = node with { Name = NextVersion(local), Named = true };
        }

        /// <summary>The name of <paramref name="local"/>'s next value (h, then h_2, ...), counted as given.</summary>
        string NextVersion(ILocalSymbol local)
        {
            _assignments.TryGetValue(local, out int count);
            _assignments[local] = ++count;
            return VersionName(local, count);
        }

        int Expr(IOperation e)
        {
            switch (e)
            {
                case IConversionOperation c when _types.IsTensor(c.Type) && _types.IsTensor(c.Operand.Type):
                    return Expr(c.Operand);
                case IParenthesizedOperation p:
                    return Expr(p.Operand);
                case IArgumentOperation a:
                    return Expr(a.Value);
                case IParameterReferenceOperation p:
                    return _leaves.TryGetValue(p.Parameter.Name, out int input) ? InScope(input) : Unsupported(Descriptors.UnsupportedExpression, e.Syntax, p.Parameter.Name);
                case ILocalReferenceOperation l:
                    if (_locals.TryGetValue(l.Local, out int bound)) return InScope(bound);
                    if (_poisoned.Contains(l.Local)) return -1;
                    return Unsupported(Descriptors.TensorUsedBeforeAssignment, e.Syntax, l.Local.Name);
                case IFieldReferenceOperation f when !f.Field.IsStatic && (f.Instance is null or IInstanceReferenceOperation):
                    if (_types.IsParameter(f.Field.Type)) return Leaf(Op.Param, f.Field.Name);
                    if (_types.IsTensor(f.Field.Type)) return Leaf(Op.Constant, f.Field.Name);
                    return Unsupported(Descriptors.UnsupportedExpression, e.Syntax, Short(e.Syntax));
                case IPropertyReferenceOperation p when p.Property.IsIndexer && _types.IsTensor(p.Property.ContainingType):
                    return Unsupported(Descriptors.TensorIndexing, e.Syntax, Short(e.Syntax));
                case IPropertyReferenceOperation p when p.Property.Name == "T" && p.Instance is { } instance && _types.IsTensor(p.Property.ContainingType):
                    return Unary(Op.Transpose, instance, e.Syntax);
                case IPropertyReferenceOperation p when _types.IsTensor(p.Type):
                    return Unsupported(Descriptors.UnsupportedCall, e.Syntax, p.Property.Name);
                case IBinaryOperation b when b.OperatorMethod is { } op && _types.IsTensor(op.ContainingType):
                    return Binary(b);
                case IUnaryOperation u when u.OperatorMethod is { } op && _types.IsTensor(op.ContainingType):
                    return u.OperatorKind == UnaryOperatorKind.Minus ? Unary(Op.Neg, u.Operand, e.Syntax) : Expr(u.Operand);
                case IInvocationOperation inv:
                    return Invocation(inv);
                case IAnonymousFunctionOperation or IDelegateCreationOperation:
                    return Unsupported(Descriptors.LambdaInBody, e.Syntax);
                case IConditionalOperation conditional:
                    return ReadsTensor(conditional.Condition)
                        ? Unsupported(Descriptors.TensorCondition, conditional.Condition.Syntax)
                        : Unsupported(Descriptors.UnsupportedExpression, e.Syntax, Short(e.Syntax));
                case IObjectCreationOperation when _types.IsTensor(e.Type):
                    return Unsupported(Descriptors.TensorCreation, e.Syntax, Short(e.Syntax));
                case IArrayElementReferenceOperation:
                    return Unsupported(Descriptors.TensorIndexing, e.Syntax, Short(e.Syntax));
                default:
                    return Unsupported(Descriptors.UnsupportedExpression, e.Syntax, Short(e.Syntax));
            }
        }

        int Binary(IBinaryOperation b)
        {
            bool lt = _types.IsTensor(b.LeftOperand.Type), rt = _types.IsTensor(b.RightOperand.Type);
            if (b.OperatorKind is not (BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide))
                return Unsupported(Descriptors.UnsupportedTensorOperation, b.Syntax, Short(b.Syntax));
            if (lt && rt)
            {
                int l = Expr(b.LeftOperand), r = Expr(b.RightOperand);
                return l < 0 || r < 0 ? -1 : Add(TensorBinary(b.OperatorKind), new[] { l, r }, null, b.Syntax);
            }
            if (lt)
            {
                int l = Expr(b.LeftOperand);
                return l < 0 ? -1 : ScalarBinary(b.OperatorKind, l, b.RightOperand, scalarFirst: false, b.Syntax);
            }
            int t = Expr(b.RightOperand);
            return t < 0 ? -1 : ScalarBinary(b.OperatorKind, t, b.LeftOperand, scalarFirst: true, b.Syntax);
        }

        static Op TensorBinary(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.Add => Op.Add,
            BinaryOperatorKind.Subtract => Op.Sub,
            BinaryOperatorKind.Multiply => Op.Mul,
            _ => Op.Div,
        };

        int ScalarBinary(BinaryOperatorKind kind, int tensor, IOperation scalar, bool scalarFirst, SyntaxNode syntax)
        {
            var s = Scalar(scalar);
            if (s is null) return -1;
            var op = (kind, scalarFirst) switch
            {
                (BinaryOperatorKind.Add, _) => Op.AddScalar,
                (BinaryOperatorKind.Subtract, false) => Op.SubScalar,
                (BinaryOperatorKind.Subtract, true) => Op.ScalarSub,
                (BinaryOperatorKind.Multiply, _) => Op.MulScalar,
                (BinaryOperatorKind.Divide, false) => Op.DivScalar,
                _ => Op.ScalarDiv,
            };
            return Add(op, new[] { tensor }, new[] { s }, syntax);
        }

        int Unary(Op op, IOperation operand, SyntaxNode syntax, params string[] attrs)
        {
            int a = Expr(operand);
            return a < 0 ? -1 : Add(op, new[] { a }, attrs, syntax);
        }

        static readonly HashSet<string> s_creation = new HashSet<string>
        {
            "tensor", "zeros", "ones", "full", "empty", "randn", "rand", "randint", "arange", "linspace", "eye",
            "zeros_like", "ones_like", "full_like", "empty_like", "randn_like", "rand_like", "from_array", "Parameter",
        };

        /// <summary>
        /// The arguments by the parameters they bind to: Roslyn lists them as written, and <c>sum(keepdim: k, dim: d)</c>
        /// read by position put keepdim where dim goes (found by a review).
        /// </summary>
        static IArgumentOperation[] InParameterOrder(IInvocationOperation inv) =>
            inv.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue).ToArray();

        int Invocation(IInvocationOperation inv)
        {
            var m = inv.TargetMethod;
            string name = m.Name;
            var syntax = inv.Syntax;
            if (inv.Instance is { Type: { } receiverType } and not IInstanceReferenceOperation && _types.IsLayer(receiverType)) return LayerCall(inv);
            bool onTensor = _types.IsTensor(m.ContainingType) && !m.IsStatic && inv.Instance is not null;
            if (onTensor)
            {
                var self = inv.Instance!;
                if (name.EndsWith("_", System.StringComparison.Ordinal)) return Unsupported(Descriptors.InPlaceOperation, syntax, name);
                var args = InParameterOrder(inv);
                switch (name)
                {
                    case "matmul" or "mm" when args.Length == 1:
                        return MatMul(self, args[0].Value, syntax);
                    case "add" or "sub" or "mul" or "div" when args.Length == 1:
                        return TensorOrScalar(name, self, args[0].Value, syntax);
                    case "pow" when args.Length == 1 && !_types.IsTensor(args[0].Value.Type):
                        return WithScalars(Op.Pow, self, syntax, args[0].Value);
                    case "neg": return Unary(Op.Neg, self, syntax);
                    case "exp": return Unary(Op.Exp, self, syntax);
                    case "log": return Unary(Op.Log, self, syntax);
                    case "sqrt": return Unary(Op.Sqrt, self, syntax);
                    case "relu": return Unary(Op.Relu, self, syntax);
                    case "sigmoid": return Unary(Op.Sigmoid, self, syntax);
                    case "tanh": return Unary(Op.Tanh, self, syntax);
                    case "t": return Unary(Op.Transpose, self, syntax);
                    case "transpose" when args.Length == 2:
                        return SwapsTheTwoDims(args[0].Value, args[1].Value, syntax) ? Unary(Op.Transpose, self, syntax) : -1;
                    case "detach" when args.Length == 0: return Unary(Op.Detach, self, syntax);
                    case "softmax" when args.Length == 1: return WithScalars(Op.Softmax, self, syntax, args[0].Value);
                    case "log_softmax" when args.Length == 1: return WithScalars(Op.LogSoftmax, self, syntax, args[0].Value);
                    case "sum" or "mean" when args.Length == 0:
                        return Unary(name == "sum" ? Op.Sum : Op.Mean, self, syntax);
                    case "sum" or "mean" when args.Length == 2 && !(args[0].Value.Type is IArrayTypeSymbol):
                        return WithScalars(name == "sum" ? Op.SumDim : Op.MeanDim, self, syntax, args[0].Value, args[1].Value);
                    case "sum" or "mean" when args.Length == 2:
                        return ReduceDims(name == "mean", self, args[0].Value, args[1].Value, syntax);
                    case "reshape" or "view":
                        return Reshape(self, args, syntax);
                    case "flatten" when args.Length == 2:
                        return WithScalars(Op.Flatten, self, syntax, args[0].Value, args[1].Value);
                    case "item" or "ToDouble" or "ToSingle" or "data":
                        return Unsupported(Descriptors.TensorToNumber, syntax, Short(syntax));
                    case "narrow" or "index_select":
                        return Unsupported(Descriptors.TensorIndexing, syntax, Short(syntax));
                    default:
                        return Unsupported(Descriptors.UnsupportedTensorOperation, syntax, name);
                }
            }
            if (_types.IsTorchFunction(m))
            {
                foreach (var a in inv.Arguments)
                    if (a.Parameter?.Name == "out" && a.ArgumentKind == ArgumentKind.Explicit && !IsNullOrDefault(a.Value))
                        return Unsupported(Descriptors.InPlaceOperation, a.Syntax, "out:");
                var args = InParameterOrder(inv).Where(a => a.Parameter?.Name != "out").ToArray();
                switch (name)
                {
                    case "relu" when args.Length == 1: return Unary(Op.Relu, args[0].Value, syntax);
                    case "sigmoid" when args.Length == 1: return Unary(Op.Sigmoid, args[0].Value, syntax);
                    case "tanh" when args.Length == 1: return Unary(Op.Tanh, args[0].Value, syntax);
                    case "exp" when args.Length == 1: return Unary(Op.Exp, args[0].Value, syntax);
                    case "log" when args.Length == 1: return Unary(Op.Log, args[0].Value, syntax);
                    case "sqrt" when args.Length == 1: return Unary(Op.Sqrt, args[0].Value, syntax);
                    case "sum" when args.Length == 1: return Unary(Op.Sum, args[0].Value, syntax);
                    case "mean" when args.Length == 1: return Unary(Op.Mean, args[0].Value, syntax);
                    case "softmax" when args.Length == 2: return WithScalars(Op.Softmax, args[0].Value, syntax, args[1].Value);
                    case "log_softmax" when args.Length == 2: return WithScalars(Op.LogSoftmax, args[0].Value, syntax, args[1].Value);
                    case "pow" when args.Length == 2 && !_types.IsTensor(args[1].Value.Type): return WithScalars(Op.Pow, args[0].Value, syntax, args[1].Value);
                    case "matmul" or "mm" when args.Length == 2: return MatMul(args[0].Value, args[1].Value, syntax);
                    case "transpose" when args.Length == 3:
                        return SwapsTheTwoDims(args[1].Value, args[2].Value, syntax) ? Unary(Op.Transpose, args[0].Value, syntax) : -1;
                    case "linear" when args.Length == 3: return Linear(args[0].Value, args[1].Value, args[2].Value, syntax);
                    case "mse_loss" when args.Length == 3: return MseLoss(args[0].Value, args[1].Value, args[2].Value, syntax);
                    case "add" or "sub" or "mul" or "div" when args.Length == 2: return TensorOrScalar(name, args[0].Value, args[1].Value, syntax);
                }
                switch (name)
                {
                    case "conv2d": return Conv2d(inv);
                    case "max_pool2d": return MaxPool2d(inv);
                    case "adaptive_max_pool2d": return AdaptiveMaxPool2d(inv);
                    case "cross_entropy": return CrossEntropy(inv);
                    case "cat": return Cat(inv);
                    case "flatten" when args.Length == 3: return WithScalars(Op.Flatten, args[0].Value, syntax, args[1].Value, args[2].Value);
                }
                if (s_creation.Contains(name)) return Unsupported(Descriptors.TensorCreation, syntax, Short(syntax));
                return Unsupported(Descriptors.UnsupportedTensorOperation, syntax, name);
            }
            // A delegate local already reported (EDU1015 on its lambda).
            if (inv.Instance is ILocalReferenceOperation l && _poisoned.Contains(l.Local)) return -1;
            return Unsupported(Descriptors.UnsupportedCall, syntax, m.Name);
        }

        int MatMul(IOperation a, IOperation b, SyntaxNode syntax)
        {
            // A transpose read straight by the product becomes a GEMM flag: no copy, as torch.matmul does with .T.
            bool ta = IsTranspose(a, out var ia), tb = IsTranspose(b, out var ib);
            int l = Expr(ia), r = Expr(ib);
            return l < 0 || r < 0 ? -1 : Add(Op.MatMul, new[] { l, r }, new[] { ta ? "true" : "false", tb ? "true" : "false" }, syntax);
        }

        bool IsTranspose(IOperation e, out IOperation inner)
        {
            while (e is IConversionOperation c && _types.IsTensor(c.Operand.Type)) e = c.Operand;
            if (e is IPropertyReferenceOperation { Property.Name: "T", Instance: { } i } p && _types.IsTensor(p.Property.ContainingType)) { inner = i; return true; }
            if (e is IInvocationOperation { TargetMethod.Name: "t", Instance: { } j, Arguments.Length: 0 } inv && _types.IsTensor(inv.TargetMethod.ContainingType)) { inner = j; return true; }
            if (e is IInvocationOperation { TargetMethod.Name: "transpose", Instance: { } k, Arguments.Length: 2 } swap && _types.IsTensor(swap.TargetMethod.ContainingType) &&
                IsMatrixSwap(swap.Arguments[0].Value, swap.Arguments[1].Value)) { inner = k; return true; }
            inner = e;
            return false;
        }

        /// <summary>
        /// <c>transpose(0, 1)</c> (or (1, 0), (−2, −1), ...): the transpose of a matrix, the only one a generated layer
        /// computes (its buffers are 2-d); any other pair of dims, or dims that are not constants, is reported.
        /// </summary>
        bool SwapsTheTwoDims(IOperation dim0, IOperation dim1, SyntaxNode syntax)
        {
            if (IsMatrixSwap(dim0, dim1)) return true;
            Report(Descriptors.UnsupportedTensorOperation, syntax, Short(syntax));
            return false;
        }

        static bool IsMatrixSwap(IOperation dim0, IOperation dim1)
        {
            static int? Axis(IOperation d) => d.ConstantValue is { HasValue: true, Value: var v } && v is int or long
                ? System.Convert.ToInt64(v, CultureInfo.InvariantCulture) switch { 0 or -2 => 0, 1 or -1 => 1, _ => (int?)null }
                : null;
            return Axis(dim0) is { } a && Axis(dim1) is { } b && a != b;
        }

        /// <summary>
        /// <c>nn.functional.linear(x, w, b)</c>: y = x·wᵀ + b with w of shape (out, in), as the product with w transposed
        /// (a GEMM flag, no copy) and the bias add, which the fusion makes one pass.
        /// </summary>
        int Linear(IOperation input, IOperation weight, IOperation bias, SyntaxNode syntax)
        {
            bool ta = IsTranspose(input, out var ia), tw = IsTranspose(weight, out var iw);
            int x = Expr(ia), w = Expr(iw);
            if (x < 0 || w < 0) return -1;
            int y = Add(Op.MatMul, new[] { x, w }, new[] { ta ? "true" : "false", tw ? "false" : "true" }, syntax);
            if (IsNullOrDefault(bias)) return y;
            int b = Expr(bias);
            return b < 0 ? -1 : Add(Op.Add, new[] { y, b }, null, syntax);
        }

        /// <summary>
        /// <c>nn.functional.mse_loss(y, t, reduction)</c>: d = y − t, then mean(d²) (sum(d²) with Reduction.Sum, d² with
        /// Reduction.None), so the backward is 2d·(1/n) without a loss kernel of its own.
        /// </summary>
        int MseLoss(IOperation input, IOperation target, IOperation reduction, SyntaxNode syntax)
        {
            string how = "Mean";
            if (!IsNullOrDefault(reduction))
            {
                if (reduction.ConstantValue is not { HasValue: true, Value: { } value } || reduction.Type is not INamedTypeSymbol enumType ||
                    enumType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, value)) is not { } member)
                    return Unsupported(Descriptors.UnsupportedExpression, reduction.Syntax, Short(reduction.Syntax));
                how = member.Name;
            }
            int y = Expr(input), t = Expr(target);
            if (y < 0 || t < 0) return -1;
            // The difference of two tensors of one shape, as the SDK's mse_loss requires: (n, 1) against (n) would
            // broadcast to every pair (the attribute names the loss for the runtime check).
            int d = Add(Op.Sub, new[] { y, t }, new[] { "mse_loss" }, syntax);
            int squared = Add(Op.Pow, new[] { d }, new[] { "2" }, syntax);
            return how switch
            {
                "None" => squared,
                "Sum" => Add(Op.Sum, new[] { squared }, null, syntax),
                _ => Add(Op.Mean, new[] { squared }, null, syntax),
            };
        }

        int TensorOrScalar(string name, IOperation a, IOperation b, SyntaxNode syntax)
        {
            var kind = name switch
            {
                "add" => BinaryOperatorKind.Add,
                "sub" => BinaryOperatorKind.Subtract,
                "mul" => BinaryOperatorKind.Multiply,
                _ => BinaryOperatorKind.Divide,
            };
            int l = Expr(a);
            if (l < 0) return -1;
            if (_types.IsTensor(b.Type))
            {
                int r = Expr(b);
                return r < 0 ? -1 : Add(TensorBinary(kind), new[] { l, r }, null, syntax);
            }
            return ScalarBinary(kind, l, b, scalarFirst: false, syntax);
        }

        int WithScalars(Op op, IOperation tensor, SyntaxNode syntax, params IOperation[] scalars)
        {
            int a = Expr(tensor);
            if (a < 0) return -1;
            var attrs = new string[scalars.Length];
            for (int i = 0; i < scalars.Length; i++)
                if ((attrs[i] = Scalar(scalars[i])!) is null) return -1;
            return Add(op, new[] { a }, attrs, syntax);
        }

        int Reshape(IOperation tensor, IEnumerable<IArgumentOperation> args, SyntaxNode syntax)
        {
            int a = Expr(tensor);
            if (a < 0) return -1;
            var shape = new List<string>();
            foreach (var arg in args)
            {
                if (arg.ArgumentKind == ArgumentKind.ParamArray && arg.Value is IArrayCreationOperation { Initializer: { } init })
                {
                    foreach (var element in init.ElementValues)
                        if (Scalar(element) is { } s) shape.Add(s); else return -1;
                }
                else if (arg.ArgumentKind == ArgumentKind.ParamArray)
                    return Unsupported(Descriptors.UnsupportedExpression, arg.Syntax, Short(arg.Syntax));
                else if (Scalar(arg.Value) is { } s) shape.Add(s);
                else return -1;
            }
            return Add(Op.Reshape, new[] { a }, shape.ToArray(), syntax);
        }

        /// <summary>A number argument as C# text: constants in invariant form, other expressions as written in parentheses (the forward reads them once and keeps what the backward needs: <c>Adjoints.Number</c>).</summary>
        string? Scalar(IOperation e)
        {
            if (ReadsTensor(e))
            {
                var call = e.DescendantsAndSelf().OfType<IInvocationOperation>().FirstOrDefault(i => i.TargetMethod.Name is "item" or "ToDouble" or "ToSingle");
                if (call is not null) Report(Descriptors.TensorToNumber, call.Syntax, Short(call.Syntax));
                else if (e.DescendantsAndSelf().FirstOrDefault(IsShapeRead) is { } shape) Report(Descriptors.ShapeRead, shape.Syntax, Short(shape.Syntax));
                else Report(Descriptors.UnsupportedExpression, e.Syntax, Short(e.Syntax));
                return null;
            }
            // One that changes state (n++, a random draw) would change as often as the generated code reads it, which
            // is not how often the student's method does (docs/diagnostics/EDU1023.md).
            if (e.DescendantsAndSelf().FirstOrDefault(ChangesState) is { } effect)
            {
                Report(Descriptors.UnsupportedExpression, effect.Syntax, Short(effect.Syntax));
                return null;
            }
            var value = e.ConstantValue;
            if (value.HasValue)
            {
                return value.Value switch
                {
                    double d => Number(d),
                    float f => Number(f),
                    bool b => b ? "true" : "false",
                    int i => i.ToString(CultureInfo.InvariantCulture),
                    long l => l.ToString(CultureInfo.InvariantCulture),
                    _ => System.Convert.ToString(value.Value, CultureInfo.InvariantCulture) ?? "0",
                };
            }
            while (e is IConversionOperation { IsImplicit: true } c) e = c.Operand;
            return Copied(e) is { } text ? "(" + text + ")" : null;
        }

        /// <summary>An increment, an assignment, or a draw from a random generator: not the same value when read twice.</summary>
        static bool ChangesState(IOperation o) => o switch
        {
            IIncrementOrDecrementOperation or IAssignmentOperation => true,
            IInvocationOperation call => call.TargetMethod.ContainingType?.ToDisplayString() is "System.Random" or "Edu.Sdk.torch.Generator",
            _ => false,
        };

        static string Number(double d)
        {
            var s = d.ToString("R", CultureInfo.InvariantCulture);
            return s.IndexOfAny(new[] { '.', 'E', 'N', 'I' }) >= 0 ? s : s + ".0";
        }

        bool ReadsTensor(IOperation e) => e.DescendantsAndSelf().Any(o => o.Type is { } t && _types.IsTensor(t));

        /// <summary>A read of a tensor's shape: <c>x.shape[0]</c>, <c>x.size(1)</c>, <c>x.numel()</c>, <c>x.dim()</c>, <c>x.ndim</c>.</summary>
        bool IsShapeRead(IOperation o) => o switch
        {
            IArrayElementReferenceOperation { ArrayReference: IPropertyReferenceOperation { Property.Name: "shape" } p } => _types.IsTensor(p.Property.ContainingType),
            IPropertyReferenceOperation { Property.Name: "shape" or "ndim" } p => _types.IsTensor(p.Property.ContainingType),
            IInvocationOperation { TargetMethod.Name: "size" or "numel" or "dim" } i => _types.IsTensor(i.TargetMethod.ContainingType),
            _ => false,
        };

        static bool IsNullOrDefault(IOperation e)
        {
            while (e is IConversionOperation c) e = c.Operand;
            return e is IDefaultValueOperation || (e is ILiteralOperation && e.ConstantValue.HasValue && e.ConstantValue.Value is null);
        }

        int Leaf(Op op, string name)
        {
            var leaves = _loop?.Leaves ?? _leaves;
            if (leaves.TryGetValue(name, out int id)) return id;
            id = Add(op, new int[0], null, name, true, _line, name);
            leaves[name] = id;
            _given.Add(name);
            return id;
        }

        int Add(Op op, int[] args, string[]? attrs, SyntaxNode syntax) =>
            Add(op, args, attrs, "", false, _line, Short(syntax));

        int Add(Op op, int[] args, string[]? attrs, string name, bool named, int line, string text)
        {
            int id = _nodes.Count;
            if (_loop is not null) { _loop.Ids.Add(id); _inBody.Add(id); }
            _nodes.Add(new ValueNode(id, op, args.ToEquatableArray(), (attrs ?? new string[0]).ToEquatableArray(), name, named, line, text));
            return id;
        }

        int Unsupported(DiagnosticDescriptor descriptor, SyntaxNode syntax, params string[] args)
        {
            Report(descriptor, syntax, args);
            return -1;
        }

        void Report(DiagnosticDescriptor descriptor, SyntaxNode syntax, params string[] args) =>
            Report(descriptor, syntax.GetLocation(), args);

        void Report(DiagnosticDescriptor descriptor, Location location, params string[] args) =>
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, location, args.Select(StudentText.Unescape).ToArray()));

        static int LineOf(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;

        /// <summary>
        /// The student's expression as the generated code writes it: on one line, names found through a using written in
        /// full. Null, reported, when the generated file cannot write it (a file-local type, a query expression).
        /// </summary>
        string? Copied(IOperation e)
        {
            var text = QualifiedText.Of(e.Syntax, e.SemanticModel!, _layer, out var unreachable);
            if (unreachable is not null) Report(Descriptors.UnsupportedExpression, unreachable, Short(unreachable));
            return text;
        }

        /// <summary>Source text on one line, comments left out, escaped for the template: for the generated code, its comments and messages.</summary>
        internal static string Short(SyntaxNode node) => StudentText.OneLine(node);
    }
}

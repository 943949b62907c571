using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Edu.Sdk.Generators.Emit;
using Edu.Sdk.Generators.Model;

namespace Edu.Sdk.Generators.Derivation
{
    /// <summary>
    /// Reverse-mode differentiation by source transformation: walks the forward graph from the output back to the
    /// inputs and writes, for every value that carries a gradient, the adjoint statements of the op that made it.
    /// A value used k times gets k contributions, summed once all are known; a parameter's contributions go straight
    /// into its <c>grad</c> (a GEMM with β = 1, a row sum). Values that carry no gradient get no adjoint.
    /// </summary>
    internal sealed partial class Adjoints
    {
        readonly Graph _g;
        readonly HashSet<int> _reachable, _varied;
        readonly Dictionary<int, List<int>> _consumers;
        readonly Dictionary<int, string> _adjoint = new Dictionary<int, string>();
        readonly Dictionary<int, List<string>> _parts = new Dictionary<int, List<string>>();
        readonly BackwardPlan _plan = new BackwardPlan();
        string _context = "";
        /// <summary>In a loop body: the iteration index, so kept values are read from per-iteration lists (<c>_a_at[i]</c>).</summary>
        readonly string? _index;
        readonly GeneratedNames _names;
        /// <summary>The workspace this graph's buffers come from: the layer's field, or in a loop body the iteration's local.</summary>
        readonly string _workspace;
        /// <summary>Whether a statement reads <see cref="_workspace"/> (a loop body without one declares no iteration workspace).</summary>
        bool _usesWorkspace;

        Adjoints(Graph g, GeneratedNames names, string workspace, string? index = null)
        {
            _g = g;
            _names = names;
            _workspace = workspace;
            _index = index;
            // Only what a gradient reaches: a value that only a detach() reads has no adjoint, and gives none to
            // the values it reads; the uses that give a part are those by values with an adjoint (not the detach).
            _reachable = g.Reachable(throughDetach: false);
            _varied = g.Varied();
            _varied.IntersectWith(_reachable);
            _consumers = g.Consumers(_varied);
        }

        public static BackwardPlan Derive(Graph g, LayerModel model, GeneratedNames names)
        {
            var a = new Adjoints(g, names, names.Member(GeneratedNames.WorkspaceField));
            a.Run(model);
            return a._plan;
        }

        void Run(LayerModel model)
        {
            var output = _g[_g.ReturnId];
            _plan.OutputAdjoint = _names.Gradient(output.Name);
            _plan.ScalarOutput = output.Op is Op.Sum or Op.Mean or Op.SoftmaxCrossEntropy;
            _adjoint[output.Id] = _plan.OutputAdjoint;
            AddToParameterOutput();

            Walk();

            foreach (var input in model.Inputs)
            {
                var node = _g.Nodes.Values.First(v => v.Op == Op.Input && v.Name == input.Name);
                if (!input.Differentiable) { _plan.Returns.Add(null); continue; }
                _plan.Returns.Add(_adjoint.TryGetValue(node.Id, out var adj) ? adj : $"{Ws}.Zeros(\"{_names.Gradient(node.Name)}\", {Ref(node.Id, "the shape of dL/d" + node.Name)})");
            }
        }

        /// <summary>
        /// A graph whose output is a parameter itself (<c>return w;</c>, or a branch's <c>h = b;</c>): the gradient at
        /// the output goes into its <c>grad</c>, which no rule would do (the walk below skips leaves).
        /// </summary>
        void AddToParameterOutput()
        {
            var output = _g[_g.ReturnId];
            if (output.Op == Op.Param)
                Emit($"{Ws}.AddTo({SdkNames.GradOf}({output.Name}), {_plan.OutputAdjoint});", $"dL/d{output.Name} += dL/d{output.Name}", writesParameter: true, uses: _plan.OutputAdjoint);
        }

        /// <summary>From the output back: the rule of every value that has an adjoint.</summary>
        void Walk()
        {
            foreach (int id in _g.Nodes.Keys.Reverse())
            {
                var n = _g[id];
                if (Graph.IsLeaf(n) || !_varied.Contains(id) || !_adjoint.TryGetValue(id, out var gv)) continue;
                _context = n.Name;
                _plan.Statements.Add(new BackwardStatement { IsHeader = true, Comments = { $"{n.Name} = {Notation.Forward(n, Name)}" } });
                Rule(n, gv);
            }
        }

        string Name(int id) => _g[id].Name;

        /// <summary>The workspace, for a statement that reads it.</summary>
        string Ws
        {
            get
            {
                _usesWorkspace = true;
                return _workspace;
            }
        }

        /// <summary>The backward's reference to a forward value: a field for parameters and constants, else the value kept by the forward.</summary>
        string Ref(int id, string why)
        {
            var n = _g[id];
            if (n.Op is Op.Param or Op.Constant) return n.Name;
            if (!_plan.Saved.ContainsKey(id)) _plan.Saved[id] = why;
            return Kept(n.Name);
        }

        /// <summary>A value the forward kept: its field, or in a loop body this iteration's entry of its list.</summary>
        string Kept(string name) => _index is null ? _names.Kept(name) : $"{_names.KeptPerIteration(name)}[{_index}]";

        /// <summary>
        /// A number the backward reads (attribute <paramref name="attr"/> of <paramref name="n"/>), as C# text: a
        /// constant as written; any other expression (a field, a call) is the value the forward used, which the forward
        /// evaluates once into a local named after the value and its role (<c>h_factor</c>) and keeps. Evaluating the
        /// student's expression again here would give another value whenever it changed in between, and a silently wrong
        /// gradient.
        /// </summary>
        string Number(ValueNode n, int attr, string role, string type, string why)
        {
            string text = n.Attr(attr);
            if (NumberText.IsConstant(text)) return text;
            if (!_plan.Numbers.TryGetValue((n.Id, attr), out var kept))
                _plan.Numbers[(n.Id, attr)] = kept = new KeptNumber(_names[n.Name + "_" + role], type, text, why);
            return Kept(kept.Local);
        }

        /// <summary>
        /// d(aᵖ)/da · dL/dy as the comments show it: p · dL/dy ⊙ a^(p − 1), with p − 1 worked out for a constant p
        /// (<c>2 · dL/dy ⊙ h</c> for a square, <c>3 · dL/dy ⊙ h^2</c> for a cube).
        /// </summary>
        internal static string PowDerivative(string p, string gy, string a)
        {
            if (!double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out double exponent))
                return $"{p} · {gy} ⊙ {a}^({p} − 1)";
            string Shown(double v) => v.ToString("R", CultureInfo.InvariantCulture);
            double lower = exponent - 1;
            return lower == 0 ? $"{Shown(exponent)} · {gy}"
                : lower == 1 ? $"{Shown(exponent)} · {gy} ⊙ {a}"
                : $"{Shown(exponent)} · {gy} ⊙ {a}^{(lower < 0 ? "(" + Shown(lower) + ")" : Shown(lower))}";
        }

        /// <summary>sum(dim, keepdim) and mean(dim, keepdim): both numbers as the forward used them.</summary>
        string DimAndKeepdim(ValueNode n, string input) =>
            $"{Number(n, 0, "dim", "long", $"dL/d{input}, the dim of {n.Name}")}, {Number(n, 1, "keepdim", "bool", $"dL/d{input}, the keepdim of {n.Name}")}";

        /// <summary>conv2d's stride and padding: one number each, or (height, width) pairs (the parser's third attribute).</summary>
        static string WindowType(ValueNode conv) => conv.Attr(2) == NumberText.Pairs ? "(long H, long W)" : "long";

        void Rule(ValueNode n, string gv)
        {
            string y = n.Name, gy = "dL/d" + y;
            int a0 = n.Args.Count > 0 ? n.Args[0] : -1, a1 = n.Args.Count > 1 ? n.Args[1] : -1;
            string A0 = a0 >= 0 ? Name(a0) : "", A1 = a1 >= 0 ? Name(a1) : "";
            switch (n.Op)
            {
                case Op.Add:
                case Op.Sub:
                    Contribute(a0, gv, buf => $"{Ws}.SumTo({buf}, {gv}, {Ref(a0, "its shape")})", t => $"{Ws}.AddTo({t}, {gv})", $"{gy}{Broadcast(a0)}", alias: true);
                    if (n.Op == Op.Add)
                        Contribute(a1, gv, buf => $"{Ws}.SumTo({buf}, {gv}, {Ref(a1, "its shape")})", t => $"{Ws}.AddTo({t}, {gv})", $"{gy}{Broadcast(a1)}", alias: true);
                    else
                        Contribute(a1, gv, buf => $"{Ws}.Neg({buf}, {Ws}.SumTo({buf}, {gv}, {Ref(a1, "its shape")}))", null, $"−{gy}{Broadcast(a1)}");
                    break;
                case Op.Mul when a0 == a1:
                    // y = a ⊙ a: one part, 2·dL/dy ⊙ a, rather than the same product twice.
                    Drop(a0, n.Id);
                    Contribute(a0, gv, buf => $"{Ws}.SquareBackward({buf}, {gv}, {Ref(a0, $"dL/d{A0} = 2 · {gy} ⊙ {A0}")})", null, $"2 · {gy} ⊙ {A0}");
                    break;
                case Op.Mul:
                    Contribute(a0, gv, buf => $"{Ws}.Mul({buf}, {gv}, {Ref(a1, $"dL/d{A0} = {gy} ⊙ {A1}")}, sumTo: {Ref(a0, "its shape")})", null, $"{gy} ⊙ {A1}{Broadcast(a0)}");
                    Contribute(a1, gv, buf => $"{Ws}.Mul({buf}, {gv}, {Ref(a0, $"dL/d{A1} = {gy} ⊙ {A0}")}, sumTo: {Ref(a1, "its shape")})", null, $"{gy} ⊙ {A0}{Broadcast(a1)}");
                    break;
                case Op.Div:
                    Contribute(a0, gv, buf => $"{Ws}.Div({buf}, {gv}, {Ref(a1, $"dL/d{A0} = {gy} / {A1}")}, sumTo: {Ref(a0, "its shape")})", null, $"{gy} / {A1}{Broadcast(a0)}");
                    Contribute(a1, gv, buf => $"{Ws}.DivisorBackward({buf}, {gv}, {Ref(n.Id, $"dL/d{A1} = −{gy} ⊙ {y} / {A1}")}, {Ref(a1, $"dL/d{A1} = −{gy} ⊙ {y} / {A1}")})", null, $"−{gy} ⊙ {y} / {A1}{Broadcast(a1)}");
                    break;
                case Op.AddScalar:
                case Op.SubScalar:
                    Contribute(a0, gv, _ => gv, t => $"{Ws}.AddTo({t}, {gv})", gy, alias: true);
                    break;
                case Op.ScalarSub:
                case Op.Neg:
                    Contribute(a0, gv, buf => $"{Ws}.Neg({buf}, {gv})", null, $"−{gy}");
                    break;
                case Op.MulScalar:
                    Contribute(a0, gv, buf => $"{Ws}.Scale({buf}, {gv}, {Number(n, 0, "factor", "double", $"dL/d{A0} = {n.Attr(0)} · {gy}")})", null, $"{n.Attr(0)} · {gy}");
                    break;
                case Op.DivScalar:
                    Contribute(a0, gv, buf => $"{Ws}.Scale({buf}, {gv}, 1.0 / {Number(n, 0, "divisor", "double", $"dL/d{A0} = {gy} / {n.Attr(0)}")})", null, $"{gy} / {n.Attr(0)}");
                    break;
                case Op.ScalarDiv:
                    Contribute(a0, gv, buf => $"{Ws}.DivisorBackward({buf}, {gv}, {Ref(n.Id, $"dL/d{A0} = −{gy} ⊙ {y} / {A0}")}, {Ref(a0, $"dL/d{A0} = −{gy} ⊙ {y} / {A0}")})", null, $"−{gy} ⊙ {y} / {A0}");
                    break;
                case Op.Pow:
                    {
                        string derivative = PowDerivative(n.Attr(0), gy, A0);
                        Contribute(a0, gv, buf => $"{Ws}.PowBackward({buf}, {gv}, {Ref(a0, $"dL/d{A0} = {derivative}")}, {Number(n, 0, "exponent", "double", $"dL/d{A0} = {derivative}")})", null, derivative);
                    }
                    break;
                case Op.Exp:
                    Contribute(a0, gv, buf => $"{Ws}.Mul({buf}, {gv}, {Ref(n.Id, $"dL/d{A0} = {gy} ⊙ {y}")})", null, $"{gy} ⊙ {y}");
                    break;
                case Op.Log:
                    Contribute(a0, gv, buf => $"{Ws}.Div({buf}, {gv}, {Ref(a0, $"dL/d{A0} = {gy} / {A0}")})", null, $"{gy} / {A0}");
                    break;
                case Op.Sqrt:
                    Contribute(a0, gv, buf => $"{Ws}.SqrtBackward({buf}, {gv}, {Ref(n.Id, $"dL/d{A0} = {gy} / (2·{y})")})", null, $"{gy} / (2·{y})");
                    break;
                case Op.Relu:
                case Op.Sigmoid:
                case Op.Tanh:
                    Contribute(a0, gv, buf => $"{Ws}.{n.Op}Backward({buf}, {gv}, {Ref(n.Id, $"dL/d{A0} = {ActivationDerivative(n.Op.ToString(), gy, y)}")})", null, ActivationDerivative(n.Op.ToString(), gy, y));
                    break;
                case Op.Softmax:
                    Contribute(a0, gv, buf => $"{Ws}.SoftmaxBackward({buf}, {gv}, {Ref(n.Id, $"dL/d{A0} = {y} ⊙ ({gy} − Σ_dim{n.Attr(0)} {gy} ⊙ {y})")}, {Number(n, 0, "dim", "long", $"dL/d{A0}, the dim of softmax")})", null, $"{y} ⊙ ({gy} − Σ_dim{n.Attr(0)} ({gy} ⊙ {y}))");
                    break;
                case Op.LogSoftmax:
                    Contribute(a0, gv, buf => $"{Ws}.LogSoftmaxBackward({buf}, {gv}, {Ref(n.Id, $"dL/d{A0} = {gy} − exp({y}) ⊙ Σ_dim{n.Attr(0)} {gy}")}, {Number(n, 0, "dim", "long", $"dL/d{A0}, the dim of log_softmax")})", null, $"{gy} − exp({y}) ⊙ Σ_dim{n.Attr(0)} {gy}");
                    break;
                case Op.Sum:
                    Contribute(a0, gv, buf => $"{Ws}.SumBackward({buf}, {gv}, {Ref(a0, "its shape")})", null, $"{gy} · 1 (every entry)");
                    break;
                case Op.Mean:
                    Contribute(a0, gv, buf => $"{Ws}.MeanBackward({buf}, {gv}, {Ref(a0, "its shape")})", null, $"{gy} / numel({A0}) (every entry)");
                    break;
                case Op.SumDim:
                    Contribute(a0, gv, buf => $"{Ws}.SumBackward({buf}, {gv}, {Ref(a0, "its shape")}, {DimAndKeepdim(n, A0)})", null, $"{gy} repeated along dim {n.Attr(0)}");
                    break;
                case Op.MeanDim:
                    Contribute(a0, gv, buf => $"{Ws}.MeanBackward({buf}, {gv}, {Ref(a0, "its shape")}, {DimAndKeepdim(n, A0)})", null, $"{gy} / size(dim {n.Attr(0)}) repeated along dim {n.Attr(0)}");
                    break;
                case Op.Reshape:
                case Op.Flatten:
                    Contribute(a0, gv, buf => $"{Ws}.ReshapeBackward({buf}, {gv}, {Ref(a0, "its shape")})", null, $"{gy} reshaped to {A0}'s shape");
                    break;
                case Op.Transpose:
                    Contribute(a0, gv, buf => $"{Ws}.Transpose({buf}, {gv})", null, $"({gy})ᵀ");
                    break;
                case Op.MatMul:
                    MatMul(a0, a1, n.Attr(0) == "true", n.Attr(1) == "true", gv, gy);
                    break;
                case Op.MatMulAdd:
                    MatMulAdd(n, gv, gy);
                    break;
                case Op.SoftmaxCrossEntropy when n.Attr(1) == "classes":
                {
                    string p = n.Attr(0), why = $"dL/d{A0} = {gy} · ({p} − onehot({A1})) / N";
                    if (!_plan.SavedExtra.ContainsKey(p)) _plan.SavedExtra[p] = why;
                    Contribute(a0, gv, buf => $"{Ws}.CrossEntropyBackward({buf}, {gv}, {Kept(p)}, {Ref(a1, why)})", null,
                        $"{gy} · ({p} − onehot({A1})) / N, with {p} = softmax({A0}) and N rows ({A1} as probabilities: {p} − {A1})");
                    break;
                }
                case Op.SoftmaxCrossEntropy:
                {
                    string p = n.Attr(0), why = $"dL/d{A0} = {gy} · ({p} − {A1}) / N";
                    if (!_plan.SavedExtra.ContainsKey(p)) _plan.SavedExtra[p] = why;
                    Contribute(a0, gv, buf => $"{Ws}.SoftmaxCrossEntropyBackward({buf}, {gv}, {Kept(p)}, {Ref(a1, why)})", null, $"{gy} · ({p} − {A1}) / N, with {p} = softmax({A0}) and N rows");
                    break;
                }
                case Op.Conv2d:
                {
                    string X = Ref(a0, $"dL/d{A1} = Σ_n dL/d{y}_n · col({A0}_n)ᵀ");
                    string s = Number(n, 0, "stride", WindowType(n), $"dL/d{A0} and dL/d{A1}, the stride of conv2d");
                    string pad = Number(n, 1, "padding", WindowType(n), $"dL/d{A0} and dL/d{A1}, the padding of conv2d");
                    Contribute(a1, gv, buf => $"{Ws}.Conv2dWeightGrad({buf}, {gv}, {X}, {Ref(a1, "")}, {s}, {pad})",
                        t => $"{Ws}.AddConv2dWeightGrad({t}, {gv}, {X}, {Ref(a1, "")}, {s}, {pad})", $"Σ_n {gy}_n · col({A0}_n)ᵀ   (col: the im2col patches of image n)");
                    if (n.Args.Count > 2)
                        Contribute(n.Args[2], gv, buf => $"{Ws}.Conv2dBiasGrad({buf}, {gv}, {Ref(n.Args[2], "its shape")})", t => $"{Ws}.AddConv2dBiasGrad({t}, {gv})", $"Σ over images and pixels of {gy}, per channel");
                    Contribute(a0, gv, buf => $"{Ws}.Conv2dInputGrad({buf}, {gv}, {Ref(a0, "its shape")}, {Ref(a1, $"dL/d{A0} = col2im({A1}ᵀ · {gy}_n)")}, {s}, {pad})", null, $"col2im({A1}ᵀ · {gy}_n) per image n");
                    break;
                }
                case Op.MaxPool2d:
                case Op.AdaptiveMaxPool2d:
                    Contribute(a0, gv, buf => $"{Ws}.MaxPool2dBackward({buf}, {gv}, {Ref(a0, "its shape")}, \"{y}\")", null, $"{gy} at the maximum of each window (the indices kept by the forward), 0 elsewhere");
                    break;
                case Op.Cat:
                    Cat(n, gv, gy);
                    break;
                case Op.LayerCall:
                    LayerCall(n, gv, gy);
                    break;
                case Op.Loop:
                    Loop(n, gv, gy);
                    break;
                default:
                    throw new InvalidOperationException("No derivative rule for " + n.Op);
            }
        }

        /// <summary>
        /// y = cat([a, b, ...], dim): each operand's gradient is the slice of dL/dy it filled, narrow(dL/dy, dim, start,
        /// size), copied out by the sizes the forward recorded under y's name.
        /// </summary>
        void Cat(ValueNode n, string gv, string gy)
        {
            string dim = n.Attr(0);
            for (int k = 0; k < n.Args.Count; k++)
            {
                string start = k == 0 ? "0" : string.Join(" + ", n.Args.Take(k).Select(a => $"{Name(a)}.size({dim})"));
                int part = k;
                Contribute(n.Args[k], gv, buf => $"{Ws}.CatPart({buf}, {gv}, \"{n.Name}\", {part.ToString(CultureInfo.InvariantCulture)})", null,
                    $"narrow({gy}, dim {dim}, {start}, {Name(n.Args[k])}.size({dim}))");
            }
        }

        /// <summary>A reminder, after element-wise gradients, that a broadcast operand gets the sum over the broadcast dims.</summary>
        static string Broadcast(int id) => "";

        static string ActivationDerivative(string op, string gy, string y) => op switch
        {
            "Relu" => $"{gy} ⊙ 1[{y} > 0]",
            "Sigmoid" => $"{gy} ⊙ {y} ⊙ (1 − {y})",
            _ => $"{gy} ⊙ (1 − {y}²)",
        };

        /// <summary>y = op(a)·op(b): dL/d op(a) = dL/dy · op(b)ᵀ, dL/d op(b) = op(a)ᵀ · dL/dy, each transposed back when op transposed.</summary>
        void MatMul(int a, int b, bool ta, bool tb, string gv, string gy)
        {
            string A = Name(a), B = Name(b);
            if (_varied.Contains(a))
            {
                string formula = ta ? $"{B}{T(tb)} · ({gy})ᵀ" : $"{gy} · {B}{T(!tb)}";
                Contribute(a, gv,
                    buf => ta ? $"{Ws}.MatMul({buf}, {Ref(b, "dL/d" + A + " = " + formula)}, {gv}{Flags(tb, true)})" : $"{Ws}.MatMul({buf}, {gv}, {Ref(b, "dL/d" + A + " = " + formula)}{Flags(false, !tb)})",
                    t => ta ? $"{Ws}.AddMatMul({t}, {Ref(b, "dL/d" + A + " = " + formula)}, {gv}{Flags(tb, true)})" : $"{Ws}.AddMatMul({t}, {gv}, {Ref(b, "dL/d" + A + " = " + formula)}{Flags(false, !tb)})",
                    formula);
            }
            if (_varied.Contains(b))
            {
                string formula = tb ? $"({gy})ᵀ · {A}{T(ta)}" : $"{A}{T(!ta)} · {gy}";
                Contribute(b, gv,
                    buf => tb ? $"{Ws}.MatMul({buf}, {gv}, {Ref(a, "dL/d" + B + " = " + formula)}{Flags(true, ta)}{OverAllRows(true, ta)})" : $"{Ws}.MatMul({buf}, {Ref(a, "dL/d" + B + " = " + formula)}, {gv}{Flags(!ta, false)}{OverAllRows(!ta, false)})",
                    t => tb ? $"{Ws}.AddMatMul({t}, {gv}, {Ref(a, "dL/d" + B + " = " + formula)}{Flags(true, ta)})" : $"{Ws}.AddMatMul({t}, {Ref(a, "dL/d" + B + " = " + formula)}, {gv}{Flags(!ta, false)})",
                    formula);
            }
        }

        static string T(bool transposed) => transposed ? "ᵀ" : "";

        static string Flags(bool ta, bool tb) => (ta ? ", transposeA: true" : "") + (tb ? ", transposeB: true" : "");

        /// <summary>
        /// A right operand's gradient aᵀ·dL/dy: when a may be an (n, s, k) batch of rows (not transposed by the student),
        /// it is the product over all n·s rows (<c>overAllRows</c>).
        /// </summary>
        static string OverAllRows(bool ta, bool tb) => ta && !tb ? ", overAllRows: true" : "";

        /// <summary>y = act(op(a)·op(w) + b): the activation derivative and the bias row sums in one pass, then the product's two GEMMs.</summary>
        void MatMulAdd(ValueNode n, string gv, string gy)
        {
            int a = n.Args[0], w = n.Args[1], b = n.Args[2];
            string act = n.Attr(0), pre = n.Attr(3), B = Name(b);
            bool ta = n.Attr(1) == "true", tb = n.Attr(2) == "true";
            bool biasIsParameter = _varied.Contains(b) && _g[b].Op == Op.Param;
            string gp = gv, gpre = gy;
            if (act != "None")
            {
                gp = _names.Gradient(pre);
                gpre = "dL/d" + pre;
                string derivative = ActivationDerivative(act, gy, n.Name);
                var s = new BackwardStatement
                {
                    Code = $"var {gp} = {Ws}.{act}Backward(\"{gp}\", {gv}, {Ref(n.Id, $"dL/d{pre} = {derivative}")}{(biasIsParameter ? $", biasGrad: {SdkNames.GradOf}({B})" : "")});",
                    Defines = gp,
                    WritesParameter = biasIsParameter,
                    Uses = { gv },
                };
                s.Comments.Add($"dL/d{pre} = {derivative}");
                if (biasIsParameter) s.Comments.Add($"dL/d{B} += Σ_i dL/d{pre}[i, :]   (same pass)");
                _plan.Statements.Add(s);
            }
            else if (biasIsParameter)
                Emit($"{Ws}.AddTo({SdkNames.GradOf}({B}), {gv});", $"dL/d{B} += Σ_i {gy}[i, :]", writesParameter: true, uses: gv);
            if (_varied.Contains(b) && !biasIsParameter)
                Contribute(b, gp, buf => $"{Ws}.SumTo({buf}, {gp}, {Ref(b, "its shape")})", t => $"{Ws}.AddTo({t}, {gp})", gpre, alias: true);
            MatMul(a, w, ta, tb, gp, gpre);
        }

        void Emit(string code, string comment, bool writesParameter, string uses, string? defines = null)
        {
            var s = new BackwardStatement { Code = code, WritesParameter = writesParameter, Defines = defines };
            s.Comments.Add(comment);
            s.Uses.Add(uses);
            _plan.Statements.Add(s);
        }

        /// <summary>
        /// Adds one contribution to the adjoint of <paramref name="target"/>: straight into a parameter's grad, or as a
        /// named local (dL_dh1, or dL_dh1_1, dL_dh1_2, ... summed when the last one is known).
        /// </summary>
        void Contribute(int target, string uses, Func<string, string> fresh, Func<string, string>? accumulate, string formula, bool alias = false)
        {
            if (!_varied.Contains(target)) return;
            var t = _g[target];
            if (t.Op == Op.Param)
            {
                string grad = $"{SdkNames.GradOf}({t.Name})";
                string code = accumulate is not null ? accumulate(grad) + ";" : $"{Ws}.AddTo({grad}, {fresh($"\"{_names.Gradient(t.Name)}\"")});";
                Emit(code, $"dL/d{t.Name} += {formula}", writesParameter: true, uses: uses);
                return;
            }
            int expected = _consumers[target].Count;
            if (!_parts.TryGetValue(target, out var parts)) _parts[target] = parts = new List<string>();
            string part = expected == 1 ? "" : "_part" + (parts.Count + 1).ToString(CultureInfo.InvariantCulture);
            string name = _names.Gradient(t.Name + part);
            string value = fresh($"\"{name}\"");
            string label = expected == 1 ? $"dL/d{t.Name}" : $"dL/d{t.Name} (through {_context})";
            Emit($"var {name} = {value};", $"{label} = {formula}", writesParameter: false, uses: uses, defines: name);
            parts.Add(name);
            Finish(target);
        }

        /// <summary>
        /// One use of <paramref name="target"/> by <paramref name="consumer"/> that gives it no gradient after all (a body
        /// that read it without using it, or only where no gradient flows): the value stops waiting for that part.
        /// </summary>
        void Drop(int target, int consumer)
        {
            if (!_varied.Contains(target) || _g[target].Op == Op.Param) return;
            _consumers[target].Remove(consumer);
            if (_parts.ContainsKey(target)) Finish(target);
        }

        /// <summary>Once every use of <paramref name="target"/> has given its part, the sum of the parts is its adjoint.</summary>
        void Finish(int target)
        {
            var t = _g[target];
            var parts = _parts[target];
            if (parts.Count == 0 || parts.Count < _consumers[target].Count) return;
            if (parts.Count == 1)
            {
                _adjoint[target] = parts[0];
                return;
            }
            string total = _names.Gradient(t.Name);
            var s = new BackwardStatement { Code = $"var {total} = {Ws}.Add(\"{total}\", {parts[0]}, {parts[1]});", Defines = total };
            s.Uses.AddRange(parts);
            for (int i = 2; i < parts.Count; i++) s.Code += $"\n{Ws}.AddTo({total}, {parts[i]});";
            s.Comments.Add($"dL/d{t.Name} = {string.Join(" + ", parts.Select((_, k) => $"dL/d{t.Name}_part{(k + 1).ToString(CultureInfo.InvariantCulture)}"))}   ({t.Name} is used {parts.Count} times)");
            _plan.Statements.Add(s);
            _adjoint[target] = total;
        }
    }
}

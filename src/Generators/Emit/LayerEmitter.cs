using System.Collections.Generic;
using System.Linq;
using Edu.Sdk.Generators.Derivation;
using Edu.Sdk.Generators.Model;

namespace Edu.Sdk.Generators.Emit
{
    /// <summary>
    /// Writes the generated part of a layer: the training forward (fused kernels into reused buffers, #line-mapped to
    /// the student's lines), the derived backward with one comment per adjoint statement, the layer surface
    /// (parameters(), zero_grad(), train()/eval()) and DescribeBackward(). In manual mode: the forward, the surface
    /// and a Saved record of the forward's named values, but no backward.
    /// </summary>
    internal static class LayerEmitter
    {
        public static string Emit(LayerModel model, bool manual)
        {
            var g = new Graph(model.Nodes, model.ReturnId);
            var reserved = new HashSet<string>(model.Inputs.Select(i => i.Name).Concat(model.Parameters).Concat(model.ReservedNames));
            foreach (var n in g.Nodes.Values) if (n.Op == Op.Constant) reserved.Add(n.Name);
            foreach (var s in model.SubLayers) reserved.Add(s.Name);
            foreach (var b in AllBodies(g.Nodes.Values))
            {
                reserved.Add(Adjoints.LoopIndex(b)); reserved.Add(b.Element); reserved.Add(b.Collection); reserved.Add(b.Workspace);
                reserved.UnionWith(b.Nodes.Where(v => v.Named).Select(v => v.Name));
            }
            Naming.Run(g, reserved);
            Fusion.Run(g, reserved);
            // Loop bodies: the carried value enters as <name>_in and leaves as the loop's own name.
            var taken = new HashSet<string>(reserved);
            taken.UnionWith(g.Names());
            var values = g.Names().ToList();
            void NameBodies(Graph parent)
            {
                var varied = parent.Varied();
                foreach (var pair in parent.Bodies)
                {
                    var body = pair.Value;
                    var node = parent[pair.Key];
                    string carried = node.Name;
                    // A branch in a loop body has the loop's name (h_3), whose input is h_3_in already: the branch's
                    // input is then named after the value that flows in (h_in, not h_3_in_2).
                    string input = carried + "_in";
                    if (taken.Contains(input) && node.Body!.IsBranch) input = parent[node.Args[0]].Name + "_in";
                    body.Replace(body[body.InputId] with { Name = Naming.Unique(input, taken), Named = true });
                    // A value the body reads from around it enters as <name>_in too, and carries a gradient when it does outside.
                    for (int k = 0; k < node.Body!.Outer.Count; k++)
                    {
                        var read = parent[node.Args[k + 1]];
                        body.Replace(body[node.Body.Outer[k]] with
                        {
                            Name = Naming.Unique(read.Name + "_in", taken),
                            Named = true,
                            Attrs = new[] { read.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), varied.Contains(read.Id) ? "diff" : "" }.ToEquatableArray(),
                        });
                    }
                    // A body that ends on a value it did not make (h = g, g from around it) assigns that value's name instead.
                    if (!Graph.IsLeaf(body[body.ReturnId])) body.Replace(body[body.ReturnId] with { Name = carried, Named = true });
                    Naming.Run(body, taken);
                    Fusion.Run(body, taken);
                    taken.UnionWith(body.Names());
                    values.AddRange(body.Names());
                    NameBodies(body);   // a branch inside a loop body
                }
            }
            NameBodies(g);
            var names = new GeneratedNames(taken, values.SelectMany(GeneratedNames.Derived));
            var plan = manual ? null : Adjoints.Derive(g, model, names);
            return new Writer(model, g, plan, names).Write();
        }

        /// <summary>Every loop or branch body, nested ones (a branch inside a loop body) included.</summary>
        static IEnumerable<LoopBody> AllBodies(IEnumerable<ValueNode> nodes)
        {
            foreach (var n in nodes)
            {
                if (n.Body is not { } b) continue;
                yield return b;
                foreach (var inner in AllBodies(b.Nodes)) yield return inner;
            }
        }

        sealed class Writer
        {
            readonly LayerModel _m;
            readonly Graph _g;
            readonly BackwardPlan? _plan;
            readonly IndentedWriter _w = new IndentedWriter();
            readonly ValueNode _output;
            readonly List<ValueNode> _forward;
            readonly List<InputInfo> _diffInputs;
            readonly GeneratedNames _names;
            /// <summary>Unused arms whose record a later arm of the same if has written already.</summary>
            readonly HashSet<int> _recordedArms = new HashSet<int>();
            readonly string _ws, _training, _core, _inputGradients;

            public Writer(LayerModel m, Graph g, BackwardPlan? plan, GeneratedNames names)
            {
                _m = m;
                _g = g;
                _names = names;
                _ws = names.Member(GeneratedNames.WorkspaceField);
                _training = names.Member(GeneratedNames.TrainingField);
                _core = names.Member(GeneratedNames.CoreBackward);
                _inputGradients = names.Member(GeneratedNames.InputGradients);
                _plan = plan;
                _output = g[g.ReturnId];
                var reachable = g.Reachable();
                _forward = g.Nodes.Values.Where(n => !Graph.IsLeaf(n) && (reachable.Contains(n.Id) || plan is null || IsLiveEmptyArm(n, g, reachable))).ToList();
                _diffInputs = m.Inputs.Where(i => i.Differentiable).ToList();
            }

            bool Manual => _plan is null;

            string InputParameters => string.Join(", ", _m.Inputs.Select(i => "Tensor " + i.Name));

            string InputArguments => string.Join(", ", _m.Inputs.Select(i => i.Name));

            public string Write()
            {
                _w.Line("// <auto-generated/>");
                _w.Line(Manual
                    ? $"// Edu.Sdk.Generators: forward of {_m.TypeName}.{_m.MethodName} ({SourceStamp.FileName}, line {SourceStamp.Line(0)}). Manual mode: you write backward."
                    : $"// Edu.Sdk.Generators: reverse-mode derivative of {_m.TypeName}.{_m.MethodName} ({SourceStamp.FileName}, line {SourceStamp.Line(0)}), derived at compile time.");
                // Annotations, not warnings: the members keep their nullability for callers, and the compiler skips the
                // nullable flow analysis of code that is generated and tested, about a fifth of what compiling it costs.
                _w.Line("#nullable enable annotations");
                _w.Line();
                _w.Line("using System.Collections.Generic;");
                _w.Line("using Edu.Sdk;");
                _w.Line("using Edu.Sdk.Layers;");
                _w.Line("using Edu.Sdk.Nn;");
                _w.Line("using static Edu.Sdk.torch;");
                if (!Manual) _w.Line("using static Edu.Sdk.Layers.LayerWorkspace;");
                _w.Line();
                if (_m.Namespace.Length > 0) { _w.Line($"namespace {_m.Namespace};"); _w.Line(); }
                foreach (var c in _m.ContainingTypes) _w.Open(c);
                _w.Open($"partial {_m.Keyword} {_m.TypeName} : {(Manual ? "ILayer" : "IGeneratedLayer")}");
                Fields();
                if (!Manual) NestedBranchFields();
                Surface();
                Forward();
                if (!Manual) Backward();
                _w.Close();
                foreach (var _ in _m.ContainingTypes) _w.Close();
                return _w.ToString();
            }

            void Fields()
            {
                if (Manual)
                {
                    var values = SavedValues();
                    _w.Line($"/// <summary>The named values of the latest training forward, for your backward: {string.Join(", ", values.Select(v => "<c>saved." + v + "</c>"))}.</summary>");
                    _w.Open($"public sealed record class {LayerSurface.SavedRecord}");
                    foreach (var v in values)
                    {
                        _w.Line($"/// <summary><c>{v}</c> as the forward computed it.</summary>");
                        _w.Line($"public Tensor {v} {{ get; set; }} = null!;");
                    }
                    _w.Close();
                    _w.Line();
                    _w.Line("/// <summary>What the latest training forward computed (overwritten by the next one).</summary>");
                    _w.Line($"public {LayerSurface.SavedRecord} {LayerSurface.SavedMember} {{ get; }} = new();");
                    _w.Line();
                }
                else
                {
                    var kept = _plan!.Kept(_g);
                    if (kept.Count > 0)
                    {
                        _w.Line("// Kept by the training forward because the backward needs them:");
                        int width = kept.Max(k => k.Name.Length);
                        foreach (var k in kept) _w.Line($"//   {k.Name.PadRight(width)}  (for {k.Why})");
                        var tensors = kept.Where(k => k.IsTensor).ToList();
                        if (tensors.Count > 0) _w.Line("Tensor " + string.Join(", ", tensors.Select(k => _names.Kept(k.Name) + " = null!")) + ";");
                        foreach (var k in kept.Where(k => !k.IsTensor)) _w.Line($"{k.Type} {_names.Kept(k.Name)};");
                    }
                }
                _w.Line("/// <summary>Buffers reused while the batch size is unchanged: steady-state steps allocate nothing.</summary>");
                _w.Line($"readonly LayerWorkspace {_ws} = new();");
                _w.Line($"bool {_training} = true;   // false after eval(): forward runs {_m.MethodName} and keeps nothing");
                if (!Manual && _g.Nodes.Values.Any(n => n.Body is { IsBranch: true }))
                {
                    _w.Line();
                    _w.Line("// Which branches the training forward took (the backward replays them), and what they kept:");
                    foreach (var n in _g.Nodes.Values.Where(n => n.Body is { IsBranch: true }))
                    {
                        _w.Line($"bool {Adjoints.BranchFlag(_names, n, perIteration: false)};   // {n.Body!.Condition}");
                        var body = _g.Bodies[n.Id];
                        foreach (var k in BranchKept(_plan!, _g, n.Id))
                            _w.Line($"{k.Type} {_names.Kept(k.Name)}{(k.IsTensor ? " = null!" : "")};   // (for {k.Why})");
                    }
                }
                if (!Manual && _plan!.Bodies.Any(b => !_g[b.Key].Body!.IsBranch && b.Value.Kept(_g.Bodies[b.Key]).Count > 0))
                {
                    _w.Line();
                    _w.Line("// Kept by each iteration of a loop, in order, for the backward's iterations:");
                    foreach (var pair in _plan.Bodies.Where(b => !_g[b.Key].Body!.IsBranch))
                    {
                        foreach (var k in pair.Value.Kept(_g.Bodies[pair.Key]))
                            _w.Line($"readonly List<{k.Type}> {_names.KeptPerIteration(k.Name)} = new();   // {k.Name} (for {k.Why})");
                    }
                }
                _w.Line();
            }

            List<string> SavedValues()
            {
                var names = _m.Inputs.Select(i => i.Name).ToList();
                foreach (var n in _forward) if (n.Named && n.Body is not { IsEmptyArm: true } && !names.Contains(n.Name)) names.Add(n.Name);
                if (!names.Contains(_output.Name)) names.Add(_output.Name);
                return names;
            }

            void Surface()
            {
                var ps = _m.Parameters;
                var subs = _m.SubLayers;
                string ofSub(SubLayerInfo l, string one, string many) => l.Kind == "one" ? one : many;
                // Two places may hold one parameter (tied weights): listed once, at the first, as nn.Module does.
                bool mayRepeat = ps.Count + subs.Count > 1 || subs.Any(l => l.Kind != "one");
                string once(string list) => mayRepeat ? $"{SdkNames.LayerParameters}.Distinct({list})" : list;
                _w.Line(mayRepeat
                    ? "/// <summary>The learnable tensors, in declaration order; one held in two places (tied weights) is listed once.</summary>"
                    : "/// <summary>The learnable tensors, in declaration order.</summary>");
                var everyParameter = ps.Concat(subs.Select(l => ofSub(l, $".. {l.Name}.parameters()", $".. {SdkNames.SubLayers}.Parameters({l.Name})")));
                _w.Line($"public IReadOnlyList<Parameter> {LayerSurface.Parameters}() => {once("[" + string.Join(", ", everyParameter) + "]")};");
                _w.Line();
                _w.Line("/// <summary>The learnable tensors with their field names.</summary>");
                var named = ps.Select(p => $"(\"{p}\", {p})").Concat(subs.Select(l => $".. {SdkNames.SubLayers}.Named(\"{l.Name}\", {l.Name})"));
                _w.Line($"public IReadOnlyList<(string name, Parameter parameter)> {LayerSurface.NamedParameters}() => {once("[" + string.Join(", ", named) + "]")};");
                _w.Line();
                // One statement per group: the own parameters in one call, then each sub-layer field.
                var zero = new List<string>();
                if (ps.Count > 0) zero.Add($"{SdkNames.LayerParameters}.ZeroGrad({string.Join(", ", ps)});");
                zero.AddRange(subs.Select(l => ofSub(l, $"{l.Name}.zero_grad();", $"{SdkNames.SubLayers}.ZeroGrad({l.Name});")));
                _w.Line(subs.Count == 0 ? "/// <summary>Sets every parameter's gradient to zero.</summary>" : "/// <summary>Sets every parameter's gradient to zero, the sub-layers' too.</summary>");
                Member($"public void {LayerSurface.ZeroGrad}()", zero);
                _w.Line();
                _w.Line("/// <summary>True while training: forward keeps what backward needs.</summary>");
                _w.Line($"public bool {LayerSurface.Training} => {_training};");
                _w.Line();
                _w.Line(subs.Count == 0
                    ? "/// <summary>Switches to training mode (evaluation mode when <paramref name=\"mode\"/> is false).</summary>"
                    : "/// <summary>Switches this layer and its sub-layers to training mode (evaluation mode when <paramref name=\"mode\"/> is false).</summary>");
                // PyTorch's parameter name, unless a sub-layer, which the body reads, has it.
                string mode = Naming.Unique("mode", new HashSet<string>(subs.Select(l => l.Name)));
                Member($"public void {LayerSurface.Train}(bool {mode} = true)",
                    new[] { $"{_training} = {mode};" }.Concat(subs.Select(l => ofSub(l, $"{l.Name}.train({mode});", $"{SdkNames.SubLayers}.Train({l.Name}, {mode});"))).ToList());
                _w.Line();
                _w.Line($"/// <summary>Switches to evaluation mode: forward runs <c>{_m.MethodName}</c> without keeping anything.</summary>");
                _w.Line($"public void {LayerSurface.Eval}() => {LayerSurface.Train}(false);");
                _w.Line();
                if (Manual) return;
                _w.Line("// IGeneratedLayer: forward and backward again, with the inputs in lists, for the tools that take any layer");
                _w.Line("// (LayerFunction puts it on the tape as one node; GradCheck; nn.Layer).");
                // Arrays made once: the tape adapter reads these on every forward.
                string inputNames = _names.Member(GeneratedNames.InputNamesField), inputsDifferentiable = _names.Member(GeneratedNames.InputsDifferentiableField), inputs = _names.Member(GeneratedNames.Inputs);
                _w.Line($"static readonly string[] {inputNames} = [{string.Join(", ", _m.Inputs.Select(i => $"\"{i.Name}\""))}];");
                _w.Line($"static readonly bool[] {inputsDifferentiable} = [{string.Join(", ", _m.Inputs.Select(i => i.Differentiable ? "true" : "false"))}];");
                _w.Line($"IReadOnlyList<string> IGeneratedLayer.InputNames => {inputNames};");
                _w.Line($"IReadOnlyList<bool> IGeneratedLayer.InputsDifferentiable => {inputsDifferentiable};");
                _w.Line($"int IGeneratedLayer.ForwardCount => {_ws}.Forwards;");
                _w.Line($"Tensor IGeneratedLayer.Forward(IReadOnlyList<Tensor> {inputs}) => forward({string.Join(", ", _m.Inputs.Select((_, i) => $"{inputs}[{i}]"))});");
                // The upstream gradient takes the output adjoint's name, which naming keeps apart from the inputs' (dL_dy_2 when an input is y).
                string g = _plan!.OutputAdjoint;
                string backwardPlumbing = $"Tensor?[] IGeneratedLayer.Backward(Tensor {g}, bool {_inputGradients})";
                if (_diffInputs.Count == 1 && _m.Inputs.Count == 1) _w.Line($"{backwardPlumbing} => [{_core}({g}, {_inputGradients})];");
                else
                {
                    _w.Open(backwardPlumbing);
                    if (_diffInputs.Count == 0) _w.Line($"{_core}({g});");
                    else if (_diffInputs.Count == 1) _w.Line($"var {_names.Gradient(_diffInputs[0].Name)} = {_core}({g}, {_inputGradients});");
                    else _w.Line($"var ({string.Join(", ", _diffInputs.Select(i => _names.Gradient(i.Name)))}) = {_core}({g}, {_inputGradients});");
                    _w.Line($"return [{string.Join(", ", _m.Inputs.Select(i => i.Differentiable ? _names.Gradient(i.Name) : "null"))}];");
                    _w.Close();
                }
                _w.Line();
                _w.Line($"/// <summary>Runs <c>{_m.MethodName}</c> as one node of the autograd tape (when gradients are wanted), so <c>loss.backward()</c> goes through this layer's generated backward.</summary>");
                _w.Line($"public Tensor {LayerSurface.Call}({InputParameters}) => {SdkNames.LayerFunction}.Apply(this, {InputArguments});");
                _w.Line();
            }

            /// <summary>A void member: expression-bodied when it is one statement, a block otherwise.</summary>
            void Member(string signature, List<string> statements)
            {
                if (statements.Count == 0) { _w.Line(signature + " { }"); return; }
                if (statements.Count == 1) { _w.Line($"{signature} => {statements[0].TrimEnd(';')};"); return; }
                _w.Open(signature);
                foreach (var s in statements) _w.Line(s);
                _w.Close();
            }

            string Arg(int id) => _g[id].Name;

            /// <summary>The forward expression of <paramref name="n"/>, its buffers from <paramref name="ws"/> (the layer's workspace unless given).</summary>
            string ForwardCode(ValueNode n, Graph? graph = null, string? ws = null)
            {
                var g = graph ?? _g;
                string w = ws ?? _ws;
                string A(int i) => g[n.Args[i]].Name;
                string name = $"\"{n.Name}\"";
                string flags(string ta, string tb) => (ta == "true" ? ", transposeA: true" : "") + (tb == "true" ? ", transposeB: true" : "");
                return n.Op switch
                {
                    Op.Sub when n.Attrs.Count > 0 => $"{w}.Difference({name}, {A(0)}, {A(1)}, \"{n.Attr(0)}\")",
                    Op.Add or Op.Sub or Op.Mul or Op.Div => $"{w}.{n.Op}({name}, {A(0)}, {A(1)})",
                    Op.AddScalar => $"{w}.AddScalar({name}, {A(0)}, {n.Attr(0)})",
                    Op.SubScalar => $"{w}.AddScalar({name}, {A(0)}, {(n.Attr(0).StartsWith("-") ? "-(" + n.Attr(0) + ")" : "-" + n.Attr(0))})",
                    Op.ScalarSub => $"{w}.ScalarSub({name}, {n.Attr(0)}, {A(0)})",
                    Op.MulScalar => $"{w}.Scale({name}, {A(0)}, {n.Attr(0)})",
                    Op.DivScalar => $"{w}.Scale({name}, {A(0)}, 1.0 / {n.Attr(0)})",
                    Op.ScalarDiv => $"{w}.ScalarDiv({name}, {n.Attr(0)}, {A(0)})",
                    Op.Pow => $"{w}.Pow({name}, {A(0)}, {n.Attr(0)})",
                    Op.Neg or Op.Exp or Op.Log or Op.Sqrt or Op.Relu or Op.Sigmoid or Op.Tanh or Op.Transpose => $"{w}.{n.Op}({name}, {A(0)})",
                    Op.Softmax or Op.LogSoftmax => $"{w}.{n.Op}({name}, {A(0)}, {n.Attr(0)})",
                    Op.Sum or Op.Mean => $"{w}.{n.Op}({name}, {A(0)})",
                    Op.SumDim => $"{w}.Sum({name}, {A(0)}, {n.Attr(0)}, {n.Attr(1)})",
                    Op.MeanDim => $"{w}.Mean({name}, {A(0)}, {n.Attr(0)}, {n.Attr(1)})",
                    Op.Reshape => $"{w}.Reshape({name}, {A(0)}{string.Concat(n.Attrs.Select(a => ", " + a))})",
                    Op.Flatten => $"{w}.Flatten({name}, {A(0)}, {n.Attr(0)}, {n.Attr(1)})",
                    Op.MatMul => $"{w}.MatMul({name}, {A(0)}, {A(1)}{flags(n.Attr(0), n.Attr(1))})",
                    Op.MatMulAdd => $"{w}.MatMulAdd({name}, {A(0)}, {A(1)}, {A(2)}{(n.Attr(0) == "None" ? "" : $", {SdkNames.Activation}." + n.Attr(0))}{flags(n.Attr(1), n.Attr(2))})",
                    Op.SoftmaxCrossEntropy when n.Attr(1) == "classes" => $"{w}.CrossEntropy({name}, {A(0)}, {A(1)}, out var {n.Attr(0)})",
                    Op.SoftmaxCrossEntropy => $"{w}.SoftmaxCrossEntropy({name}, {A(0)}, {A(1)}, out var {n.Attr(0)})",
                    Op.Conv2d => $"{w}.Conv2d({name}, {A(0)}, {A(1)}, {(n.Args.Count > 2 ? A(2) : "null")}, {n.Attr(0)}, {n.Attr(1)})",
                    Op.MaxPool2d => $"{w}.MaxPool2d({name}, {A(0)}, {n.Attr(0)}, {n.Attr(1)}, {n.Attr(2)})",
                    Op.AdaptiveMaxPool2d => $"{w}.AdaptiveMaxPool2d({name}, {A(0)}, {string.Join(", ", n.Attrs)})",
                    Op.Cat => $"{w}.Cat({name}, {n.Attr(0)}, {string.Join(", ", n.Args.Select(a => g[a].Name))})",
                    Op.LayerCall => $"{n.Attr(0)}.forward({string.Join(", ", n.Args.Select(a => g[a].Name))})",
                    // No tape here to detach from: the same tensor, and the backward sends nothing back through it.
                    Op.Detach => A(0),
                    _ => "null!",
                };
            }

            /// <summary>The numbers of <paramref name="n"/> that the backward reads, evaluated once, each into its local (<c>double h_factor = scale;</c>).</summary>
            void DeclareKeptNumbers(ValueNode n, BackwardPlan? plan)
            {
                if (plan is null) return;
                foreach (var pair in plan.Numbers.Where(p => p.Key.Node == n.Id).OrderBy(p => p.Key.Attr))
                    _w.Line($"{pair.Value.Type} {pair.Value.Local} = {NumberText.WithoutOuterParentheses(pair.Value.Text)};");
            }

            /// <summary><paramref name="n"/> reading the locals of <see cref="DeclareKeptNumbers"/> instead of evaluating its numbers again.</summary>
            static ValueNode WithKeptNumbers(ValueNode n, BackwardPlan? plan)
            {
                if (plan is null || !plan.Numbers.Keys.Any(k => k.Node == n.Id)) return n;
                var attrs = n.Attrs.ToArray();
                foreach (var pair in plan.Numbers.Where(p => p.Key.Node == n.Id)) attrs[pair.Key.Attr] = pair.Value.Local;
                return n with { Attrs = attrs.ToEquatableArray() };
            }

            void Forward()
            {
                string summary = Manual
                    ? $"Training forward of <c>{_m.MethodName}</c>: computes {_output.Name} and keeps the named values in <see cref=\"saved\"/>."
                    : $"Training forward of <c>{_m.MethodName}</c>: computes {_output.Name} and keeps what <see cref=\"backward\"/> needs.";
                _w.Line($"/// <summary>{summary} The result is this layer's buffer, overwritten by the next forward: <c>clone()</c> it to keep it.</summary>");
                _w.Open($"public Tensor {LayerSurface.Forward}({InputParameters})");
                _w.Line(Manual
                    ? $"if (!{_training}) {{ using ({SdkNames.NoGrad}()) return {_m.MethodName}({InputArguments}); }}"
                    : $"if (!{_training}) {{ {_ws}.EvaluationForward(); using ({SdkNames.NoGrad}()) return {_m.MethodName}({InputArguments}); }}");
                if (!Manual && CallsSubLayers()) _w.Line($"{_ws}.BeginForward();   // notes each sub-layer call below, for the backward to check");
                // The #line numbers are placeholders that SourceStamp fills in (or drops, without a usable path).
                foreach (var n in _forward)
                {
                    if (n.Op == Op.Loop && n.Body!.IsBranch) { ForwardBranch(n, _g, _plan, null, _ws); continue; }
                    if (n.Op == Op.Loop) { ForwardLoop(n); continue; }
                    string remark = Notation.ForwardRemark(n, Arg);
                    _w.Line($"// {n.Name} = {Notation.Forward(n, Arg)}{(remark.Length > 0 ? "   (" + remark + ")" : "")}");
                    _w.Directive(SourceStamp.LineDirective(n.Line));
                    DeclareKeptNumbers(n, _plan);
                    _w.Line($"var {n.Name} = {ForwardCode(WithKeptNumbers(n, _plan))};");
                    NoteCall(n);
                }
                _w.Directive("#line default");
                if (Manual)
                    foreach (var v in SavedValues()) _w.Line($"{LayerSurface.SavedMember}.{v} = {v};");
                else
                {
                    var kept = _plan!.Kept(_g).Select(k => k.Name).ToList();
                    if (kept.Count > 0) _w.Line(string.Join(" ", kept.Select(k => $"{_names.Kept(k)} = {k};")));
                    _w.Line($"{_ws}.EndForward({_output.Name});   // what the backward reads is this forward's");
                }
                _w.Line($"return {_output.Name};");
                _w.Close();
                _w.Line();
            }

            /// <summary>After a sub-layer call: the workspace notes it, for the backward's check that the sub-layer still holds this call's values.</summary>
            void NoteCall(ValueNode v)
            {
                if (!Manual && v.Op == Op.LayerCall) _w.Line($"{_ws}.Called({v.Attr(0)});");
            }

            /// <summary>Whether the forward calls sub-layers (in loops and branches too).</summary>
            bool CallsSubLayers()
            {
                static bool Calls(IEnumerable<ValueNode> nodes) => nodes.Any(n => n.Op == Op.LayerCall || (n.Body is { } b && Calls(b.Nodes)));
                return Calls(_g.Nodes.Values);
            }

            /// <summary>A loop over sub-layers: one pass of the body per element, each iteration in a workspace of its own, keeping what its backward needs in lists.</summary>
            void ForwardLoop(ValueNode n)
            {
                var body = n.Body!;
                var bg = _g.Bodies[n.Id];
                string index = Adjoints.LoopIndex(body), carried = n.Name;
                var bodyPlan = Manual ? null : _plan!.Bodies[n.Id];
                var kept = bodyPlan?.Kept(bg).Select(k => k.Name).ToList() ?? new List<string>();
                var reachable = bg.Reachable();
                _w.Line($"// {carried}: {n.Text}   (one iteration per sub-layer in {body.Collection}, each with its own buffers)");
                _w.Directive("#line default");
                _w.Line($"var {carried} = {Arg(n.Args[0])};");
                if (!Manual) _w.Line($"{SdkNames.SubLayers}.RequireDistinct({body.Collection}, \"{body.Collection}\");");
                var nestedLists = Manual ? new List<string>() : NestedBranchLists(n).Select(l => l.Name).ToList();
                if (kept.Count + nestedLists.Count > 0) _w.Line(string.Join(" ", kept.Select(_names.KeptPerIteration).Concat(nestedLists).Select(l => l + ".Clear();")));
                _w.Open($"for (int {index} = 0; {index} < {body.Collection}.{body.CountMember}; {index}++)");
                if (body.Element.Length > 0) _w.Line($"var {body.Element} = {body.Collection}[{index}];");
                var nodes = bg.Nodes.Values.Where(v => !Graph.IsLeaf(v) && (reachable.Contains(v.Id) || IsLiveEmptyArm(v, bg, reachable))).ToList();
                string ws = body.Workspace;
                var code = nodes.ToDictionary(v => v.Id, v => ForwardCode(WithKeptNumbers(v, bodyPlan), bg, ws));
                if (code.Values.Any(c => c.StartsWith(ws + ".", System.StringComparison.Ordinal)) || nodes.Any(v => v.Op == Op.Loop)) _w.Line($"var {ws} = {_ws}.Loop({index});");
                DeclareBodyInputs(n, _g, bg, reachable, kept);
                foreach (var v in nodes)
                {
                    if (v.Op == Op.Loop) { ForwardBranch(v, bg, bodyPlan, index, ws, declare: v.Id != bg.ReturnId); continue; }
                    string remark = Notation.ForwardRemark(v, a => bg[a].Name);
                    _w.Line($"// {v.Name} = {Notation.Forward(v, a => bg[a].Name)}{(remark.Length > 0 ? "   (" + remark + ")" : "")}");
                    _w.Directive(SourceStamp.LineDirective(v.Line));
                    DeclareKeptNumbers(v, bodyPlan);
                    _w.Line(v.Id == bg.ReturnId ? $"{carried} = {code[v.Id]};" : $"var {v.Name} = {code[v.Id]};");
                    NoteCall(v);
                }
                if (Graph.IsLeaf(bg[bg.ReturnId])) _w.Line($"{carried} = {bg[bg.ReturnId].Name};");
                _w.Directive("#line default");
                if (kept.Count > 0) _w.Line(string.Join(" ", kept.Select(k => $"{_names.KeptPerIteration(k)}.Add({k});")));
                _w.Close();
            }

            /// <summary>
            /// The locals a body of <paramref name="n"/> starts from: the carried value (<c>h_2_in</c>) and the values it
            /// reads from around it (<c>x_in</c>), each when the body reads it or keeps it. A body whose result does not
            /// read the carried value still keeps it, for the shape of its zero gradient.
            /// </summary>
            void DeclareBodyInputs(ValueNode n, Graph parent, Graph bg, HashSet<int> reachable, List<string> kept)
            {
                var inputs = new[] { (Leaf: bg.InputId, From: n.Name) }
                    .Concat(n.Body!.Outer.Select((leaf, k) => (Leaf: leaf, From: parent[n.Args[k + 1]].Name)));
                foreach (var (leaf, from) in inputs)
                    if (reachable.Contains(leaf) || kept.Contains(bg[leaf].Name)) _w.Line($"var {bg[leaf].Name} = {from};");
            }

            /// <summary>
            /// The branch of an <c>if</c> on a non-tensor value: runs when its condition holds, and records that it ran for
            /// the backward. Inside a loop body (<paramref name="index"/> set) the record and what the branch keeps are
            /// per iteration, in lists (null where the branch did not run).
            /// </summary>
            void ForwardBranch(ValueNode n, Graph parent, BackwardPlan? parentPlan, string? index, string ws, bool declare = true)
            {
                var body = n.Body!;
                if (body.IsEmptyArm) { EmptyArm(n, parent, index); return; }
                var bg = parent.Bodies[n.Id];
                string carried = n.Name;
                var bodyPlan = Manual ? null : parentPlan!.Bodies[n.Id];
                var keptValues = Manual ? new List<KeptValue>() : BranchKept(parentPlan!, parent, n.Id);
                var kept = keptValues.Select(k => k.Name).ToList();
                var reachable = bg.Reachable();
                // Manual mode has no generated backward to replay anything.
                _w.Line($"// {carried}: {n.Text}   (the branch runs when {body.Condition}{(Manual ? "" : "; the backward replays the one taken")})");
                _w.Directive("#line default");
                _w.Line($"{(declare ? "var " : "")}{carried} = {parent[n.Args[0]].Name};");
                RecordUnusedEarlierArms(n, parent, index);
                string guard = Guard(n, parent, index);
                string flag;
                // Manual mode keeps no record for a backward, but a later arm of the same if must not test the
                // conditions again.
                bool recorded = !Manual || IsEarlierArm(n, parent);
                if (body.DeclaresVariables && recorded)
                {
                    // The condition declares a variable the arm may read: tested in the if, where C# knows it assigned.
                    string ran = WriteRecord(n, index, "false");
                    _w.Open($"if ({guard})");
                    _w.Line($"{ran} = true;");
                }
                else
                {
                    flag = recorded ? WriteRecord(n, index, guard) : guard;
                    _w.Open($"if ({flag})");
                }
                DeclareBodyInputs(n, parent, bg, reachable, kept);
                foreach (var v in bg.Nodes.Values.Where(v => !Graph.IsLeaf(v) && reachable.Contains(v.Id)))
                {
                    string remark = Notation.ForwardRemark(v, a => bg[a].Name);
                    _w.Line($"// {v.Name} = {Notation.Forward(v, a => bg[a].Name)}{(remark.Length > 0 ? "   (" + remark + ")" : "")}");
                    _w.Directive(SourceStamp.LineDirective(v.Line));
                    DeclareKeptNumbers(v, bodyPlan);
                    string code = ForwardCode(WithKeptNumbers(v, bodyPlan), bg, ws);
                    _w.Line(v.Id == bg.ReturnId ? $"{carried} = {code};" : $"var {v.Name} = {code};");
                    NoteCall(v);
                }
                if (Graph.IsLeaf(bg[bg.ReturnId])) _w.Line($"{carried} = {bg[bg.ReturnId].Name};");
                _w.Directive("#line default");
                if (kept.Count > 0) _w.Line(string.Join(" ", kept.Select(k => index is null ? $"{_names.Kept(k)} = {k};" : $"{_names.KeptPerIteration(k)}.Add({k});")));
                _w.Close();
                if (index is not null && kept.Count > 0)
                {
                    // Every list takes one entry per iteration, so the backward's [i] reads this iteration's: the else
                    // must cover all the Adds (braces when there are several).
                    string skipped = string.Join(" ", keptValues.Select(k => $"{_names.KeptPerIteration(k.Name)}.Add({k.Empty});"));
                    _w.Line("else " + (kept.Count == 1 ? skipped : "{ " + skipped + " }") + "   // not run: nothing kept");
                }
            }

            /// <summary>
            /// When an arm runs: the first arm of an <c>if</c> when its condition holds, a later one when no earlier arm
            /// ran and its own condition (if any) holds: <c>!_if_z_2 &amp;&amp; (mode == 2)</c>.
            /// </summary>
            string Guard(ValueNode n, Graph parent, string? index)
            {
                var body = n.Body!;
                if (body.EarlierArms.Count == 0) return body.Condition;
                var parts = body.EarlierArms.Select(a => "!" + ArmRan(parent[a], index)).ToList();
                if (body.Test.Length > 0) parts.Add(body.Test);
                return string.Join(" && ", parts);
            }

            /// <summary>
            /// An earlier arm of the same if whose value nothing reads is not emitted, but this arm reads its record: the
            /// record is written here, once, its condition tested where C# tests it (a random draw decides the arms).
            /// </summary>
            void RecordUnusedEarlierArms(ValueNode n, Graph parent, string? index)
            {
                // Manual mode emits every node of the method's graph (a loop body's reachable ones only).
                var emitted = Manual && parent == _g ? new HashSet<int>(parent.Nodes.Keys) : parent.Reachable();
                foreach (int a in n.Body!.EarlierArms)
                {
                    var arm = parent[a];
                    if (arm.Body!.IsEmptyArm) EmptyArm(arm, parent, index);
                    else if (!emitted.Contains(a) && _recordedArms.Add(a))
                    {
                        _w.Line($"// {arm.Name}: {arm.Text}   (nothing reads its value; whether it runs decides the arms after it)");
                        WriteRecord(arm, index, Guard(arm, parent, index));
                    }
                }
            }

            /// <summary>
            /// An empty arm (<c>if (frozen) { } else ...</c>): only whether it runs is written, once, for the arms after it.
            /// In manual mode an empty arm at the end, kept because its condition does something, is tested as written.
            /// </summary>
            void EmptyArm(ValueNode n, Graph parent, string? index)
            {
                if (!_recordedArms.Add(n.Id)) return;
                RecordUnusedEarlierArms(n, parent, index);
                string guard = Guard(n, parent, index);
                _w.Line($"// {n.Name}: {n.Text}   (an empty arm: when it runs, the arms after it do not)");
                if (Manual && !IsEarlierArm(n, parent)) _w.Line($"if ({guard}) {{ }}");
                else WriteRecord(n, index, guard);
            }

            /// <summary>
            /// An empty arm whose record is needed: in training mode nothing reads its value, but the forward writes whether
            /// it ran when another arm of its <c>if</c> runs (<paramref name="reachable"/>), as C# evaluates its condition.
            /// </summary>
            static bool IsLiveEmptyArm(ValueNode n, Graph g, HashSet<int> reachable) =>
                n.Body is { IsEmptyArm: true } body &&
                (body.EarlierArms.Any(reachable.Contains) ||
                 g.Nodes.Values.Any(v => reachable.Contains(v.Id) && v.Body is { IsBranch: true } b && b.EarlierArms.Contains(n.Id)));

            /// <summary>
            /// Writes whether arm <paramref name="n"/> runs (<paramref name="value"/>) into its record: the field, this
            /// iteration's entry of its list in a loop body, or in manual mode a local. Returns the record to test.
            /// </summary>
            string WriteRecord(ValueNode n, string? index, string value)
            {
                string ran = ArmRan(n, index);
                if (Manual) _w.Line($"bool {ran} = {value};");
                else if (index is null) _w.Line($"{ran} = {value};");
                else _w.Line($"{Adjoints.BranchFlag(_names, n, perIteration: true)}.Add({value});");
                return ran;
            }

            /// <summary>The record that arm <paramref name="n"/> ran: its flag (this iteration's in a loop body), or in manual mode a local.</summary>
            string ArmRan(ValueNode n, string? index) =>
                Manual ? _names["if_" + n.Name]
                : index is null ? Adjoints.BranchFlag(_names, n, perIteration: false)
                : $"{Adjoints.BranchFlag(_names, n, perIteration: true)}[{index}]";

            static bool IsEarlierArm(ValueNode n, Graph parent) =>
                parent.Nodes.Values.Any(v => v.Body is { IsBranch: true } b && b.EarlierArms.Contains(n.Id));

            /// <summary>
            /// What the branch <paramref name="branchId"/> of <paramref name="parent"/> keeps itself: not the values its
            /// parent keeps already. The branch's last value has the parent's name for the value after the if (h_2),
            /// and when both keep it, it is the same tensor whenever the branch ran, the only time the branch's
            /// backward reads it; kept twice, it was one field declared twice.
            /// </summary>
            static List<KeptValue> BranchKept(BackwardPlan parentPlan, Graph parent, int branchId)
            {
                if (!parentPlan.Bodies.TryGetValue(branchId, out var branchPlan)) return new List<KeptValue>();
                var ofParent = new HashSet<string>(parentPlan.Kept(parent).Select(k => k.Name));
                return branchPlan.Kept(parent.Bodies[branchId]).Where(k => !ofParent.Contains(k.Name)).ToList();
            }

            /// <summary>The lists a loop's nested branches fill per iteration: each branch's record, then what it keeps.</summary>
            IEnumerable<(string Name, string Type, string Why)> NestedBranchLists(ValueNode loop)
            {
                if (!_plan!.Bodies.TryGetValue(loop.Id, out var loopPlan)) yield break;
                var bg = _g.Bodies[loop.Id];
                foreach (var b in bg.Nodes.Values.Where(v => v.Body is { IsBranch: true }))
                {
                    yield return (Adjoints.BranchFlag(_names, b, perIteration: true), "bool", b.Body!.Condition + ", per iteration");
                    foreach (var k in BranchKept(loopPlan, bg, b.Id))
                        yield return (_names.KeptPerIteration(k.Name), k.Type, $"{k.Name} (for {k.Why}), per iteration, {(k.IsTensor ? "null" : "0")} when the branch did not run");
                }
            }

            /// <summary>The fields of branches inside loop bodies: which branch each iteration took, and what it kept.</summary>
            void NestedBranchFields()
            {
                var lists = _g.Nodes.Values.Where(n => n.Body is { IsBranch: false }).SelectMany(NestedBranchLists).ToList();
                if (lists.Count == 0) return;
                _w.Line("// Which branches each iteration of a loop took (the backward replays them), and what they kept:");
                foreach (var (name, type, why) in lists) _w.Line($"readonly List<{type}> {name} = new();   // {why}");
                _w.Line();
            }

            void Backward()
            {
                var plan = _plan!;
                string g = plan.OutputAdjoint;
                string gradsDoc = string.Join(", ", _m.Parameters.Select(p => "dL/d" + p).Concat(_m.SubLayers.Select(l => $"the gradients of {l.Name}'s parameters")));
                string inputsDoc = string.Join(", ", _diffInputs.Select(i => "dL/d" + i.Name));
                string returns = _diffInputs.Count switch
                {
                    0 => "void",
                    1 => "Tensor",
                    _ => "(" + string.Join(", ", _diffInputs.Select(i => "Tensor " + _names.Gradient(i.Name))) + ")",
                };
                string core = _diffInputs.Count switch
                {
                    0 => "void",
                    1 => "Tensor?",
                    _ => "(" + string.Join(", ", _diffInputs.Select(i => "Tensor? " + _names.Gradient(i.Name))) + ")",
                };
                _w.Line($"/// <summary>Backward of <c>{_m.MethodName}</c>: takes {g.Replace("dL_d", "dL/d")}{(gradsDoc.Length > 0 ? ", adds " + gradsDoc + " into the parameters' <c>grad</c>" : "")}{(inputsDoc.Length > 0 ? ", returns " + inputsDoc : "")}. Call after <see cref=\"forward\"/>.</summary>");
                if (_diffInputs.Count == 0) _w.Line($"public void {LayerSurface.Backward}(Tensor {g}) => {_core}({g});");
                else if (_diffInputs.Count == 1) _w.Line($"public Tensor {LayerSurface.Backward}(Tensor {g}) => {_core}({g}, {_inputGradients}: true)!;");
                else
                {
                    _w.Open($"public {returns} {LayerSurface.Backward}(Tensor {g})");
                    _w.Line($"var ({string.Join(", ", _diffInputs.Select(i => _names.Gradient(i.Name)))}) = {_core}({g}, {_inputGradients}: true);");
                    _w.Line($"return ({string.Join(", ", _diffInputs.Select(i => _names.Gradient(i.Name) + "!"))});");
                    _w.Close();
                }
                _w.Line();
                if (plan.ScalarOutput)
                {
                    _w.Line($"/// <summary>Backward from this scalar: dL/d{_output.Name} = 1.</summary>");
                    string call = $"{LayerSurface.Backward}({_ws}.OnesLikeOutput(\"{g}\", \"{_m.TypeName}\"))";
                    _w.Line(_diffInputs.Count == 0 ? $"public void {LayerSurface.Backward}() => {call};" : $"public {returns} {LayerSurface.Backward}() => {call};");
                    _w.Line();
                }
                if (LayerSurface.WritesBackwardParameters(_diffInputs.Count, _m.Parameters.Count, _m.SubLayers.Count))
                {
                    _w.Line($"/// <summary>Adds {gradsDoc} into the parameters' <c>grad</c> and skips {inputsDoc} (for a first layer, whose input is data).</summary>");
                    _w.Line($"public void {LayerSurface.BackwardParameters}(Tensor {g}) => {_core}({g}, {_inputGradients}: false);");
                    _w.Line();
                }
                var text = BackwardText(core, g);
                foreach (var line in text.Split('\n')) _w.Line(line);
                _w.Line();
                _w.Line("/// <summary>The generated backward, as text: the derivation, line by line.</summary>");
                _w.Line($"public string {LayerSurface.DescribeBackward}() => " + Verbatim(text) + ";");
            }

            string BackwardText(string core, string g)
            {
                var plan = _plan!;
                var w = new IndentedWriter();
                string signature = _diffInputs.Count == 0 ? $"void {_core}(Tensor {g})" : $"{core} {_core}(Tensor {g}, bool {_inputGradients})";
                w.Open(signature);
                w.Line($"{g} = {_ws}.BeginBackward(\"{_m.TypeName}\", {g});   // after a training forward, with dL/d{_output.Name} of its shape");
                var (parameterPart, inputPart, unneeded) = Split(plan.Statements);
                var returns = plan.Returns.Where(r => r is not null).Select(r => r!).ToList();
                if (ParameterSteps.Plan(parameterPart, inputPart, returns, _ws) is { } steps)
                {
                    WriteWithSteps(w, steps, unneeded, returns);
                    w.Close();
                    return w.ToString().TrimEnd('\n');
                }
                StatementWriter.Write(w, parameterPart, unneeded, _inputGradients);
                if (_diffInputs.Count > 0)
                {
                    w.Line();
                    w.Line(_diffInputs.Count == 1 ? $"if (!{_inputGradients}) return null;" : $"if (!{_inputGradients}) return ({string.Join(", ", _diffInputs.Select(_ => "null"))});");
                    StatementWriter.Write(w, inputPart);
                    w.Line(returns.Count == 1 ? $"return {returns[0]};" : $"return ({string.Join(", ", returns)});");
                }
                w.Close();
                return w.ToString().TrimEnd('\n');
            }

            /// <summary>
            /// The backward ordered for steps in the backward (<see cref="ParameterSteps"/>): what the parameters need, then
            /// dL/d(input) when asked, then the parameters' own gradient statements, then the return.
            /// </summary>
            void WriteWithSteps(IndentedWriter w, ParameterSteps steps, HashSet<string> unneeded, List<string> returns)
            {
                StatementWriter.Write(w, steps.Remaining, unneeded, _inputGradients);
                var results = new List<string>();
                if (_diffInputs.Count > 0)
                {
                    // Each returned gradient: computed by the input part (declared before it, null when not asked), or
                    // already known from the parameters' part (returned only when asked). The plan's non-null returns
                    // are the differentiable inputs' in order, so returns[k] belongs to _diffInputs[k].
                    var zeros = new List<(string Name, string Value)>();
                    for (int k = 0; k < returns.Count; k++)
                    {
                        string r = returns[k];
                        if (steps.Hoisted.Contains(r)) results.Add(r);
                        else if (!Microsoft.CodeAnalysis.CSharp.SyntaxFacts.IsValidIdentifier(r))
                        {
                            string name = _names.Gradient(_diffInputs[k].Name);
                            zeros.Add((name, r));
                            results.Add(name);
                        }
                        else results.Add($"{_inputGradients} ? {r} : null");
                    }
                    var declared = steps.Hoisted.Concat(zeros.Select(z => z.Name)).ToList();
                    if (declared.Count > 0 || steps.Input.Any(st => !st.IsHeader))
                    {
                        w.Line();
                        if (declared.Count > 0) w.Line($"Tensor? {string.Join(", ", declared.Select(d => d + " = null"))};");
                        w.Open($"if ({_inputGradients})");
                        StatementWriter.Write(w, steps.Input, blankBeforeFirstHeader: false);
                        foreach (var (name, value) in zeros) w.Line($"{name} = {value};");
                        w.Close();
                    }
                }
                StatementWriter.Write(w, steps.Moved);
                if (results.Count == 1) w.Line($"return {results[0]};");
                else if (results.Count > 1) w.Line($"return ({string.Join(", ", results)});");
            }

            /// <summary>Statements needed for the parameters' gradients first; those needed only for dL/d(input) after the guard.</summary>
            static (List<BackwardStatement>, List<BackwardStatement>, HashSet<string>) Split(List<BackwardStatement> all)
            {
                var neededVars = new HashSet<string>();
                var needed = new HashSet<BackwardStatement>();
                for (int i = all.Count - 1; i >= 0; i--)
                {
                    var s = all[i];
                    if (s.IsHeader) continue;
                    if (s.WritesParameter || (s.Defines is not null && neededVars.Contains(s.Defines)))
                    {
                        needed.Add(s);
                        foreach (var u in s.Uses) neededVars.Add(u);
                    }
                }
                var first = new List<BackwardStatement>();
                var second = new List<BackwardStatement>();
                BackwardStatement? header = null;
                bool headerInFirst = false, headerInSecond = false;
                foreach (var s in all)
                {
                    if (s.IsHeader) { header = s; headerInFirst = headerInSecond = false; continue; }
                    var target = needed.Contains(s) ? first : second;
                    if (header is not null)
                    {
                        if (target == first && !headerInFirst) { first.Add(header); headerInFirst = true; }
                        if (target == second && !headerInSecond) { second.Add(header); headerInSecond = true; }
                    }
                    target.Add(s);
                }
                // A sub-layer backward kept for its parameters whose input gradient only dL/d(input) needs.
                var unneeded = new HashSet<string>(first.Where(s => s.ParametersOnly is not null && s.Defines is not null && !neededVars.Contains(s.Defines)).Select(s => s.Defines!));
                return (first, second, unneeded);
            }

            static string Verbatim(string text) => "@\"" + text.Replace("\"", "\"\"") + "\"";
        }
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Edu.Sdk.Generators.Emit;
using Edu.Sdk.Generators.Model;

namespace Edu.Sdk.Generators.Derivation
{
    internal sealed partial class Adjoints
    {
        /// <summary>The index of a loop in generated code: the student's for-loop index, else <c>i</c> (reserved in naming).</summary>
        public static string LoopIndex(LoopBody body) => body.Index.Length > 0 ? body.Index : "i";

        /// <summary>
        /// y = sub.Model(a, ...): the sub-layer's generated backward takes dL/dy, adds its own parameters' gradients and
        /// returns dL/da (a tuple for several differentiable inputs); an input that is data gets backward_parameters.
        /// </summary>
        void LayerCall(ValueNode n, string gv, string gy)
        {
            string recv = n.Attr(0), method = n.Attr(1), mask = n.Attr(2);
            bool parametersOnly = n.Attr(3) == "true";
            var diff = Enumerable.Range(0, n.Args.Count).Where(i => i < mask.Length && mask[i] == 'd').ToList();
            var wanted = diff.Where(i => _varied.Contains(n.Args[i])).ToList();
            // An argument the sub-layer gives no gradient ([NonDifferentiable], or one that carries none here) is a use
            // that adds nothing: its value must not wait for that part.
            for (int i = 0; i < n.Args.Count; i++)
                if (!wanted.Contains(i)) Drop(n.Args[i], n.Id);
            string call = $"{recv}.backward({gv})";
            string through = $"{gy} back through {recv}.{method}";
            if (wanted.Count == 0)
            {
                string code = parametersOnly || diff.Count == 0 ? $"{recv}.backward{(diff.Count == 0 ? "" : "_parameters")}({gv});" : $"{recv}.backward({gv});";
                Emit(code, $"dL/d({recv}'s parameters) += {through} (its generated backward)", writesParameter: true, uses: gv);
                return;
            }
            if (diff.Count == 1)
            {
                int before = _plan.Statements.Count;
                Contribute(n.Args[diff[0]], gv, _ => call, null, $"{through} (its generated backward also adds its parameters' gradients)");
                for (int k = before; k < _plan.Statements.Count; k++)
                {
                    var st = _plan.Statements[k];
                    if (!st.Code.Contains(call)) continue;
                    st.WritesParameter = true;
                    if (parametersOnly && st.Defines is not null && st.Code == $"var {st.Defines} = {call};")
                    {
                        st.ParametersOnly = $"{recv}.backward_parameters({gv});";
                        st.Value = call;
                    }
                }
                return;
            }
            // Several differentiable inputs: one backward call gives all their gradients.
            // Named apart even when one value is passed twice (s.Model(g, g)).
            var parts = diff.Select(i => wanted.Contains(i) ? _names.Fresh($"dL_d{Name(n.Args[i])}_via_{n.Name}") : "_").ToList();
            var s = new BackwardStatement { Code = $"var ({string.Join(", ", parts)}) = {call};", WritesParameter = true };
            s.Comments.Add($"({string.Join(", ", diff.Select(i => "dL/d" + Name(n.Args[i])))}) = {through} (its generated backward also adds its parameters' gradients)");
            s.Uses.Add(gv);
            _plan.Statements.Add(s);
            for (int k = 0; k < diff.Count; k++)
            {
                if (parts[k] == "_") continue;
                string part = parts[k];
                Contribute(n.Args[diff[k]], part, _ => part, t => $"{Ws}.AddTo({t}, {part})", $"{through}, its part", alias: true);
            }
        }

        /// <summary>
        /// h' = the loop over the sub-layers, from h: the iterations' backwards run last to first, each taking the gradient
        /// at its output and handing the one at its input to the iteration before. Each iteration reads what it kept
        /// (<c>_a_at[i]</c>) and writes into its own workspace (<c>_ws.Loop(i)</c>).
        /// </summary>
        void Loop(ValueNode n, string gv, string gy)
        {
            var body = n.Body!;
            var bg = _g.Bodies[n.Id];
            string index = LoopIndex(body);
            int a0 = n.Args[0];
            var t = _g[a0];
            // The loop's gradient is the body's upstream: it is rebound, iteration after iteration, to the gradient at the
            // iteration's input (a node's adjoint is read by its own rule only, so rebinding it is safe).
            string carry = gv;

            // A branch runs in the enclosing graph's workspace and, inside a loop body, reads what it kept from
            // per-iteration lists too; a loop's iterations have a workspace each.
            var sub = body.IsBranch ? new Adjoints(bg, _names, _workspace, _index) : new Adjoints(bg, _names, body.Workspace, index);
            sub.RunBody(carry);
            _plan.Bodies[n.Id] = sub._plan;
            if (body.IsBranch)
            {
                _usesWorkspace |= sub._usesWorkspace;
                Branch(n, sub, carry, gy);
                return;
            }

            var inner = new IndentedWriter();
            StatementWriter.Write(inner, sub._plan.Statements);
            string ws = body.Workspace;
            string bodyText = inner.ToString().Trim('\n');
            // A value every iteration read from before the loop gets the sum of what the iterations give it.
            var reads = OuterReads(n, sub);
            var lines = reads.Select(r => $"var {r.Gradient} = {Ws}.Zeros(\"{r.Gradient}\", {Ref(r.Enclosing, "the shape of dL/d" + _g[r.Enclosing].Name)});").ToList();
            lines.Add($"for (int {index} = {body.Collection}.{body.CountMember} - 1; {index} >= 0; {index}--)");
            lines.Add("{");
            if (body.Element.Length > 0) lines.Add($"    var {body.Element} = {body.Collection}[{index}];");
            if (sub._usesWorkspace) lines.Add($"    var {ws} = {Ws}.Loop({index});");
            foreach (var line in bodyText.Split('\n')) lines.Add(line.Length == 0 ? "" : "    " + line);
            // Before the carry is rebound: what an iteration gives a read value may be its upstream itself (h = d.Model(h) + x0).
            foreach (var r in reads) lines.Add($"    {Ws}.AddTo({r.Gradient}, {r.FromBody});");
            lines.Add($"    {carry} = {sub._plan.InputAdjoint!};");
            lines.Add("}");
            var s = new BackwardStatement { Code = string.Join("\n", lines), WritesParameter = true, Defines = carry };
            s.Comments.Add($"iterations last to first, each one's backward in turn: {carry} goes from the loop's output to its input");
            s.Uses.Add(gv);
            _plan.Statements.Add(s);
            Contribute(a0, carry, _ => carry, x => $"{Ws}.AddTo({x}, {carry})", $"{gy} after the first iteration's backward", alias: true);
            foreach (var (enclosing, gradient, _) in reads)
                Contribute(enclosing, gradient, _ => gradient, null, $"the sum over the iterations of what each gave {_g[enclosing].Name}");
        }

        /// <summary>
        /// The values the body of <paramref name="n"/> read from around it that carry a gradient here, each with the
        /// variable that collects what the body gives it (<c>dL_dx_from_h_2</c>) and the body's gradient for its leaf.
        /// </summary>
        List<(int Enclosing, string Gradient, string FromBody)> OuterReads(ValueNode n, Adjoints sub)
        {
            var reads = new List<(int, string, string)>();
            var body = n.Body!;
            for (int k = 0; k < body.Outer.Count; k++)
            {
                int enclosing = n.Args[k + 1];
                if (!_varied.Contains(enclosing)) continue;
                // The body's gradient for the value, when one reaches it; the name is one no value's gradient can have.
                if (sub._adjoint.TryGetValue(body.Outer[k], out var fromBody))
                    reads.Add((enclosing, _names.Fresh("dL_d" + _g[enclosing].Name + "_from_" + n.Name), fromBody));
                else Drop(enclosing, n.Id);
            }
            return reads;
        }

        /// <summary>
        /// The flag the training forward sets when the branch that makes <paramref name="n"/> runs: a field, or inside a
        /// loop body a list with one flag per iteration.
        /// </summary>
        public static string BranchFlag(GeneratedNames names, ValueNode n, bool perIteration) => names["_if_" + n.Name + (perIteration ? "_at" : "")];

        /// <summary>
        /// h' = h, or the branch of an <c>if</c> applied to h: the backward replays the branch the forward took (its flag),
        /// in reverse; when it did not run, the gradient passes through unchanged.
        /// </summary>
        void Branch(ValueNode n, Adjoints sub, string carry, string gy)
        {
            var inner = new IndentedWriter();
            StatementWriter.Write(inner, sub._plan.Statements);
            string flag = _index is null ? BranchFlag(_names, n, perIteration: false) : $"{BranchFlag(_names, n, perIteration: true)}[{_index}]";
            // The gradients of the values the branch read from around it: the branch's when it ran, zero when it did not.
            var body = n.Body!;
            var reads = OuterReads(n, sub);
            var lines = reads.Select(r => $"Tensor? {r.Gradient} = null;").ToList();
            lines.Add($"if ({flag})");
            lines.Add("{");
            foreach (var line in inner.ToString().Trim('\n').Split('\n')) lines.Add(line.Length == 0 ? "" : "    " + line);
            // The reads' gradients first: one may be the branch's upstream itself (h = h + x gives x dL/dh_2), which the next line rebinds.
            foreach (var r in reads) lines.Add($"    {r.Gradient} = {r.FromBody};");
            lines.Add($"    {carry} = {sub._plan.InputAdjoint!};");
            lines.Add("}");
            var s = new BackwardStatement { Code = string.Join("\n", lines), WritesParameter = true, Defines = carry };
            s.Comments.Add($"the branch the forward took ({body.Condition}), in reverse: {carry} goes from its output to its input");
            s.Uses.Add(carry);
            _plan.Statements.Add(s);
            Contribute(n.Args[0], carry, _ => carry, x => $"{Ws}.AddTo({x}, {carry})", $"{gy} back through the branch (unchanged when it did not run)", alias: true);
            foreach (var (enclosing, gradient, _) in reads)
            {
                string read = _g[enclosing].Name;
                Contribute(enclosing, gradient, name => $"{gradient} ?? {Ws}.Zeros({name}, {Ref(enclosing, "the shape of dL/d" + read + " when the branch did not run")})", null,
                    $"what the branch gave {read} when it ran ({body.Condition}), else 0");
            }
        }

        /// <summary>A loop body's backward: from the gradient at the iteration's output (<paramref name="outputAdjoint"/>) to the one at its carried input.</summary>
        void RunBody(string outputAdjoint)
        {
            _plan.OutputAdjoint = outputAdjoint;
            _adjoint[_g.ReturnId] = outputAdjoint;
            AddToParameterOutput();
            Walk();
            var input = _g[_g.InputId];
            _plan.InputAdjoint = _adjoint.TryGetValue(input.Id, out var adj)
                ? adj
                : $"{Ws}.Zeros(\"{_names.Gradient(input.Name)}\", {Ref(input.Id, "the shape of dL/d" + input.Name)})";
        }
    }
}

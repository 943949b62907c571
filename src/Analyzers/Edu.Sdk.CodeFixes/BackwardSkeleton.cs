using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Edu.Sdk.CodeFixes
{
    /// <summary>
    /// The text of a hand-written backward to fill in, for a manual-mode [Layer]: the signature the generated one
    /// would have (one gradient returned per differentiable input), the saved values it can read, one commented line
    /// per parameter gradient, and a commented GradCheck call that shows how to verify it.
    /// </summary>
    internal sealed class BackwardSkeleton
    {
        public string TypeName { get; set; } = "Layer";
        public string Method { get; set; } = "Model";
        public IReadOnlyList<string> Inputs { get; set; } = new string[0];
        public string Output { get; set; } = "y";
        public IReadOnlyList<string> Saved { get; set; } = new string[0];
        public IReadOnlyList<string> Parameters { get; set; } = new string[0];
        /// <summary>How the file spells the tensor type (<c>Tensor</c> with <c>using static Edu.Sdk.torch;</c>).</summary>
        public string Tensor { get; set; } = "Tensor";
        /// <summary>How the file spells <c>torch.zeros_like</c>.</summary>
        public string ZerosLike { get; set; } = "zeros_like";

        public string Write()
        {
            string g = "dL_d" + Output;
            var sb = new StringBuilder();
            string returns = Inputs.Count switch
            {
                0 => "void",
                1 => Tensor,
                _ => "(" + string.Join(", ", Inputs.Select(i => Tensor + " dL_d" + i)) + ")",
            };
            var adds = Parameters.Select(p => "dL/d" + p).ToList();
            sb.Append("/// <summary>Backward of <c>").Append(Method).Append("</c>, written by hand: takes dL/d").Append(Output);
            if (adds.Count > 0) sb.Append(", puts ").Append(string.Join(", ", adds)).Append(" into the parameters' <c>grad</c>");
            if (Inputs.Count > 0) sb.Append(", returns ").Append(string.Join(", ", Inputs.Select(i => "dL/d" + i)));
            sb.Append(". Call after <c>forward</c>.</summary>\n");
            sb.Append("public ").Append(returns).Append(" backward(").Append(Tensor).Append(' ').Append(g).Append(")\n{\n");
            if (Saved.Count > 0)
                sb.Append("    // The forward kept: ").Append(string.Join(", ", Saved.Select(s => "saved." + s))).Append('\n');
            sb.Append("    // Write each gradient with tensor operations (matmul, .T, sum(0), *, ...); dL/dw has the shape of w.\n");
            foreach (var p in Parameters)
                sb.Append("    // ").Append(p).Append(".grad = ...;  // dL/d").Append(p).Append('\n');
            sb.Append("    // Check it against central differences in float64 (Edu.Sdk.Checking), for example:\n");
            sb.Append("    //   var report = GradCheck.Loss(() => loss.forward(layer.forward(x), target).clone(),\n");
            sb.Append("    //       layer.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList(),\n");
            sb.Append("    //       analytic: () => { layer.zero_grad(); layer.backward(dL_d").Append(Output)
              .Append("); return layer.parameters().Select(p => (Tensor)p.grad!).ToList(); });\n");
            sb.Append("    //   Console.WriteLine(report);\n");
            if (Inputs.Count == 1)
            {
                sb.Append("    var dL_d").Append(Inputs[0]).Append(" = ").Append(ZerosLike).Append("(saved.").Append(Inputs[0]).Append(");  // replace with dL/d").Append(Inputs[0]).Append('\n');
                sb.Append("    return dL_d").Append(Inputs[0]).Append(";\n");
            }
            else if (Inputs.Count > 1)
            {
                foreach (var i in Inputs)
                    sb.Append("    var dL_d").Append(i).Append(" = ").Append(ZerosLike).Append("(saved.").Append(i).Append(");  // replace with dL/d").Append(i).Append('\n');
                sb.Append("    return (").Append(string.Join(", ", Inputs.Select(i => "dL_d" + i))).Append(");\n");
            }
            sb.Append("}\n");
            return sb.ToString();
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using Edu.Sdk.Generators.Diagnostics;
using Edu.Sdk.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Edu.Sdk.Generators.Parsing
{
    internal sealed partial class BodyParser
    {
        /// <summary>
        /// <c>cross_entropy(z, t)</c> (<c>nn.functional</c>): one fused softmax cross-entropy node, the mean over rows.
        /// The target (Int64 class indices or probabilities: the runtime reads its dtype) must carry no gradient.
        /// </summary>
        int CrossEntropy(IInvocationOperation inv)
        {
            var input = Arg(inv, "input");
            var target = Arg(inv, "target");
            if (input is null || target is null) return Unsupported(Descriptors.UnsupportedTensorOperation, inv.Syntax, "cross_entropy without logits and a target");
            var reduction = inv.Arguments.FirstOrDefault(a => a.Parameter?.Name == "reduction");
            if (reduction is { ArgumentKind: ArgumentKind.Explicit } && !IsMean(reduction))
                return Unsupported(Descriptors.LossReduction, reduction.Syntax, Short(reduction.Syntax));
            int z = Expr(input), t = Expr(target);
            if (z < 0 || t < 0) return -1;
            if (CarriesGradient(t, new Dictionary<int, bool>()))
                return Unsupported(Descriptors.LossTargetDifferentiable, target.Syntax, Short(target.Syntax), TargetAdvice(target));
            // Attrs: [probabilities name (chosen after naming), "classes": the target is indices or probabilities].
            return Add(Op.SoftmaxCrossEntropy, new[] { z, t }, new[] { "", "classes" }, inv.Syntax);
        }

        /// <summary>EDU1031's advice: mark the input [NonDifferentiable] when the target is one, else compute it from such inputs only.</summary>
        static string TargetAdvice(IOperation target) =>
            Bare(target) is IParameterReferenceOperation p
                ? string.Format(System.Globalization.CultureInfo.InvariantCulture, Descriptors.LossTargetIsInput, p.Parameter.Name)
                : Descriptors.LossTargetIsExpression;

        /// <summary>The operation under conversions and parentheses: what an argument names, as the advice reads it.</summary>
        static IOperation Bare(IOperation e)
        {
            while (e is IConversionOperation or IParenthesizedOperation)
                e = e is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)e).Operand;
            return e;
        }

        static bool IsMean(IArgumentOperation reduction)
        {
            var mean = reduction.Parameter?.Type.GetMembers("Mean").OfType<IFieldSymbol>().FirstOrDefault();
            var value = reduction.Value.ConstantValue;
            return mean is { HasConstantValue: true } && value.HasValue && Equals(value.Value, mean.ConstantValue);
        }

        /// <summary>Whether a value depends on a parameter, a differentiable input or a sub-layer (as <c>Graph.Varied</c> decides later).</summary>
        bool CarriesGradient(int id, Dictionary<int, bool> memo)
        {
            if (memo.TryGetValue(id, out bool known)) return known;
            var n = _nodes[id];
            bool v = n.Op switch
            {
                Op.Param => true,
                Op.Input => n.Attr(1) == "diff",
                Op.Constant or Op.Detach => false,
                Op.LoopIn or Op.LayerCall or Op.Loop => true,
                Op.Outer => CarriesGradient(int.Parse(n.Attr(0), System.Globalization.CultureInfo.InvariantCulture), memo),
                _ => n.Args.Any(a => CarriesGradient(a, memo)),
            };
            memo[id] = v;
            return v;
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using Edu.Sdk.Generators.Emit;
using Microsoft.CodeAnalysis;

namespace Edu.Sdk.Generators.Diagnostics
{
    /// <summary>
    /// The generator's diagnostics, EDU1001 onwards: one per kind of construct it cannot differentiate, plus the
    /// shape rules of a [Layer]. Each message says what to write instead; each has a page under docs/diagnostics/.
    /// </summary>
    internal static class Descriptors
    {
        public const string Category = "Edu.Sdk.Generators";

        /// <summary>Where the help pages live (docs/diagnostics/EDU1xxx.md in the repository).</summary>
        /// <summary>
        /// The repository's address, the one place to change when it moves: help links are
        /// <c>{RepositoryUrl}/blob/main/docs/diagnostics/EDU1xxx.md</c>, that is the page's path inside the repository
        /// (<c>docs/diagnostics/EDU1xxx.md</c>, readable offline in a clone) resolved against this address.
        /// </summary>
        public const string RepositoryUrl = "https://github.com/edu-sdk/edu-sdk";

        /// <summary>Where the help pages live: <c>docs/diagnostics/</c> relative to the repository root.</summary>
        public const string HelpPath = "docs/diagnostics/";

        /// <summary>Where the help pages live, as a URL (docs/diagnostics/EDU1xxx.md in the repository).</summary>
        public const string HelpBase = RepositoryUrl + "/blob/main/" + HelpPath;

        static DiagnosticDescriptor Error(string id, string title, string message) =>
            new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpBase + id + ".md");

        public static readonly DiagnosticDescriptor LayerNotPartial = Error("EDU1001",
            "A [Layer] class must be partial",
            "Layer '{0}' is not partial; declare it 'partial class {0}' so the generator can add forward, backward and parameters() to it");

        public static readonly DiagnosticDescriptor NoDifferentiableMethod = Error("EDU1002",
            "A [Layer] needs one [Differentiable] method",
            "Layer '{0}' has no [Differentiable] method; mark the method that computes its output, e.g. '[Differentiable] Tensor Model(Tensor x)'");

        public static readonly DiagnosticDescriptor SeveralDifferentiableMethods = Error("EDU1003",
            "A [Layer] has exactly one [Differentiable] method",
            "Layer '{0}' already has the [Differentiable] method '{1}'; remove [Differentiable] from '{2}', or move '{2}' into a [Layer] of its own and call it");

        public static readonly DiagnosticDescriptor TensorUsedBeforeAssignment = Error("EDU1004",
            "Tensor used before it is assigned",
            "'{0}' is read before it holds a tensor; assign it first ('var {0} = <tensor expression>;')");

        public static readonly DiagnosticDescriptor ParameterNeverInitialized = Error("EDU1005",
            "Parameter never initialised",
            "Parameter '{0}' is never assigned in a constructor, or in a method a constructor calls; initialise it there, e.g. '{0} = nn.Parameter(randn(inputs, outputs) * 0.01);' for a weight or '{0} = nn.Parameter(zeros(outputs));' for a bias");

        public static readonly DiagnosticDescriptor UnsupportedSignature = Error("EDU1006",
            "Unsupported [Differentiable] method signature",
            "The [Differentiable] method '{0}' {1}; write it as 'Tensor {0}(Tensor x, ...)' returning one Tensor and taking only Tensor arguments (mark a loss's target [NonDifferentiable])");

        public static readonly DiagnosticDescriptor GenericLayer = Error("EDU1007",
            "A [Layer] cannot be generic",
            "Layer '{0}' is generic or nested in a generic type; make it a non-generic class and pass sizes to its constructor");

        public static readonly DiagnosticDescriptor UnsupportedTensorOperation = Error("EDU1010",
            "Tensor operation without a generated derivative",
            "'{0}' has no generated derivative; use matmul, linear, T or transpose(0, 1) of a matrix, + - * /, relu, sigmoid, tanh, exp, log, sqrt, pow, softmax, log_softmax, sum, mean, reshape, view, flatten, cat, conv2d, max_pool2d, adaptive_max_pool2d, cross_entropy or mse_loss, or compute it outside the [Differentiable] method");

        public static readonly DiagnosticDescriptor UnsupportedStatement = Error("EDU1011",
            "Statement not supported in a [Differentiable] method",
            "'{0}' statements are not supported in a [Differentiable] method; write the body as 'var name = <tensor expression>;' statements and one final 'return'");

        public static readonly DiagnosticDescriptor TensorCondition = Error("EDU1012",
            "Condition that depends on a tensor",
            "This condition reads a tensor, and a branch on tensor values has no derivative; branch on numbers fixed before the forward (fields, constructor arguments), or express the choice with tensor operations (a mask multiplied in)");

        public static readonly DiagnosticDescriptor UnsupportedLoop = Error("EDU1013",
            "Loop not supported in a [Differentiable] method",
            "This loop is not supported in a [Differentiable] method; loop over a field of sub-layers that is an array, a List<T> or an IReadOnlyList<T> ('foreach (var d in hidden) h = d.Model(h);' or 'for (int i = 0; i < hidden.Length; i++) h = hidden[i].Model(h);', not nested), or unroll it");

        public static readonly DiagnosticDescriptor InPlaceOperation = Error("EDU1014",
            "In-place tensor operation",
            "'{0}' writes into an existing tensor; use the out-of-place form ('x = x + y', 'relu(x)' without 'out:'), the generated code manages its own buffers");

        public static readonly DiagnosticDescriptor LambdaInBody = Error("EDU1015",
            "Lambda or local function in a [Differentiable] method",
            "Lambdas and local functions are not supported in a [Differentiable] method; write the computation inline, or move it into a [Layer] of its own");

        public static readonly DiagnosticDescriptor TensorEscapes = Error("EDU1016",
            "Tensor stored outside the method",
            "The [Differentiable] method writes to '{0}'; keep values in locals and return the result (the generated forward keeps what the backward needs; in manual mode read them from 'saved')");

        public static readonly DiagnosticDescriptor TensorToNumber = Error("EDU1017",
            "Tensor turned into a number",
            "'{0}' turns a tensor into a number, which cuts the gradient; keep the computation in tensors (x.sum() rather than x.sum().item<float>())");

        public static readonly DiagnosticDescriptor TensorIndexing = Error("EDU1018",
            "Tensor indexing or slicing",
            "'{0}' indexes or slices a tensor, which has no generated derivative; slice the batch before calling forward, or select with a mask or a one-hot matrix product");

        public static readonly DiagnosticDescriptor UnsupportedCall = Error("EDU1019",
            "Call to a method the generator cannot see into",
            "'{0}' is neither a tensor operation nor a [Layer]; inline its body here, or make it a [Layer] class");

        public static readonly DiagnosticDescriptor TensorCreation = Error("EDU1020",
            "Tensor created inside a [Differentiable] method",
            "'{0}' creates a tensor on every forward; create it once in the constructor and keep it in a Tensor field (a constant)");

        public static readonly DiagnosticDescriptor NonTensorLocal = Error("EDU1021",
            "Local that is not a tensor",
            "Local '{0}' has type '{1}'; locals of a [Differentiable] method hold tensors, so use a field set in the constructor or a constant instead");

        public static readonly DiagnosticDescriptor EarlyReturn = Error("EDU1022",
            "Return before the end of the method",
            "Only the last statement of a [Differentiable] method may return; compute the result in a local and return it once, at the end");

        public static readonly DiagnosticDescriptor UnsupportedExpression = Error("EDU1023",
            "Expression not supported in a [Differentiable] method",
            "'{0}' is not supported in a [Differentiable] method; use tensor operations, locals, fields and numbers");

        public static readonly DiagnosticDescriptor SubLayerMethod = Error("EDU1024",
            "Call to a sub-layer method that has no generated backward",
            "'{0}' calls a method of the layer '{1}' other than its differentiable one; call '{2}', whose generated backward is chained into this layer's");

        public static readonly DiagnosticDescriptor SubLayerCalledTwice = Error("EDU1025",
            "Sub-layer called more than once",
            "'{0}' runs more than once in one forward, and a generated layer keeps the values of its latest forward only; give each call its own sub-layer (another field, or one element of an array of layers per iteration)");

        public static readonly DiagnosticDescriptor LoopCarry = Error("EDU1026",
            "A loop over sub-layers, or an if, carries one tensor",
            "This loop or if assigns {0} tensor(s) declared before it ({1}); a loop over sub-layers carries exactly one value from one iteration to the next, as in 'h = d.Model(h);', and an if on a non-tensor value (each of its arms) one value, as in 'if (useRelu) h = relu(h);'");

        public static readonly DiagnosticDescriptor SubLayerReceiver = Error("EDU1028",
            "Sub-layer that is not a field or the loop's element",
            "'{0}' is not a field of this layer nor the element of the loop; call a sub-layer held in a field ('first.Model(x)'), or the element of a loop over a field ('d.Model(h)', 'hidden[i].Model(h)')");

        public static readonly DiagnosticDescriptor WindowSize = Error("EDU1029",
            "Window size the generator cannot read",
            "'{0}' gives the {1} of {2} in a form the generator cannot read; write a number ({1}: 2) or a (height, width) tuple ({1}: (2, 1)) in the call");

        public static readonly DiagnosticDescriptor CatOperands = Error("EDU1030",
            "cat's tensors not listed in the call",
            "'{0}' hands cat a collection the generator cannot see into; list the tensors in the call, as in 'cat([a, b], 1)' or 'torch.cat(new[] {{ a, b }}, 1)'");

        public static readonly DiagnosticDescriptor LossTargetDifferentiable = Error("EDU1031",
            "cross_entropy's target carries a gradient",
            "The target '{0}' of cross_entropy depends on a parameter or a differentiable input, and its gradient is not generated; {1}, or write the loss out as -(t * log_softmax(z, 1)).sum(1).mean()");

        /// <summary>EDU1031's advice when the target is the method's input <c>{0}</c>.</summary>
        public const string LossTargetIsInput = "mark the input holding the labels or probabilities [NonDifferentiable] ('[NonDifferentiable] Tensor {0}')";

        /// <summary>EDU1031's advice when the target is an expression.</summary>
        public const string LossTargetIsExpression = "compute the target only from [NonDifferentiable] inputs (no parameter, no sub-layer, no differentiable input), or detach() it";

        public static readonly DiagnosticDescriptor LossReduction = Error("EDU1032",
            "cross_entropy with a reduction other than the mean",
            "'{0}' asks cross_entropy for another reduction than the mean; the generated loss is the mean over rows: write 'cross_entropy(z, t)' (and multiply by the batch size for the sum)");

        public static readonly DiagnosticDescriptor GeneratedMemberName = Error("EDU1033",
            "Member named like the generated layer's surface",
            "Layer '{0}' declares '{1}', which the generator writes {2}; rename yours, e.g. '{1}Own', or remove it and use the generated one");

        /// <summary>EDU1033's when, for a name of <see cref="LayerSurface.EveryMode"/>.</summary>
        public static readonly string WrittenForEveryLayer = "for every layer (" + string.Join(", ", LayerSurface.EveryMode) + ")";

        /// <summary>EDU1033's when, for a name of <see cref="LayerSurface.WithBackward"/>.</summary>
        public static readonly string WrittenWithBackward =
            "with the backward it derives, outside manual mode and for an [AutogradReference] layer (" + string.Join(", ", LayerSurface.WithBackward) + ")";

        /// <summary>EDU1033's when, for a name of <see cref="LayerSurface.ManualOnly"/>.</summary>
        public static readonly string WrittenInManualMode =
            "in manual mode, holding the forward's values for your backward (" + string.Join(", ", LayerSurface.ManualOnly) + ")";

        public static readonly DiagnosticDescriptor HiddenSdkName = Error("EDU1034",
            "Member named like a name the generated code uses",
            "Layer '{0}' declares '{1}', which hides the '{1}' that the generated code of the layer uses ({2}); rename yours, e.g. '{1}Own'");

        public static readonly DiagnosticDescriptor HiddenSdkNameInNamespace = Error("EDU1035",
            "Type named like a name the generated code uses",
            "The {0} '{1}' hides the '{2}' that the generated code of layer '{3}' uses ({4}): it is declared in a namespace the layer is in, where C# looks before the generated file's using directives; rename it, e.g. '{2}Own'");

        public static readonly DiagnosticDescriptor NestedBranch = Error("EDU1036",
            "An if inside an if",
            "An 'if' inside the block of an 'if' or 'else' arm is not supported in a [Differentiable] method; write an 'else if' chain, or one 'if' per choice with the conditions combined ('if (a && b) h = relu(h);')");

        public static readonly DiagnosticDescriptor NonDifferentiableArgument = Error("EDU1037",
            "A sub-layer's [NonDifferentiable] input given a value that carries a gradient",
            "The argument '{0}' for the [NonDifferentiable] input '{1}' of {2} depends on a parameter or a differentiable input, and the generated backward gives it no gradient through that input; {3}");

        /// <summary>EDU1037's advice when the argument is the method's input <c>{0}</c>.</summary>
        public const string NonDifferentiableArgumentIsInput = "mark the input '{0}' [NonDifferentiable] too, or pass '{0}.detach()' to say it takes no gradient";

        /// <summary>EDU1037's advice when the argument is an expression.</summary>
        public const string NonDifferentiableArgumentIsExpression = "pass '{0}.detach()' to say it takes no gradient, or compute it only from [NonDifferentiable] inputs";

        public static readonly DiagnosticDescriptor ShapeRead = Error("EDU1038",
            "Tensor shape read in a [Differentiable] method",
            "'{0}' reads the shape of a tensor, which the generated code does not keep as a number; write -1 for the size reshape or view infers ('x.view(-1, 784)'), flatten(1) to keep the batch dimension, or mean() instead of dividing a sum by a size");

        public static readonly DiagnosticDescriptor EmptyIfWithEffects = Error("EDU1039",
            "An if with nothing in it whose condition does something",
            "This if has nothing in any arm, but its condition '{0}' does something (a call or an assignment) that the generated forward would have to run for nothing; delete the if, or give one of its arms the statement it was meant to have");

        public static readonly DiagnosticDescriptor SubLayerWithoutBackward = Error("EDU1040",
            "Sub-layer without a generated backward",
            "'{0}' has no generated backward in this project (in a manual assignment, a [Layer] gets one only when it is [AutogradReference]), and the backward generated for '{1}' calls its sub-layers' backward; mark '{0}' [AutogradReference] too, or build '{1}' from a sub-layer class that is");

        public static readonly DiagnosticDescriptor SetFirstInBranch = Error("EDU1041",
            "Tensor local first set inside an if",
            "'{0}' holds no tensor before this if and gets its first one inside it; an if on a non-tensor value carries a tensor that holds one before it, so declare '{0}' with a tensor you already have, which the arms then replace ('Tensor {0} = x;')");

        public static readonly DiagnosticDescriptor ReductionDims = Error("EDU1042",
            "Dims of a reduction not written as numbers",
            "The dims '{0}' of {1} must be written in the call as whole numbers ('new long[] {{ 2, 3 }}' or '[2, 3]'), counted all from the front or all from the back (or mixed with keepdim: true); reduce one dim at a time otherwise ('.{1}(3).{1}(2)')");

        public static readonly IReadOnlyList<DiagnosticDescriptor> All = new[]
        {
            LayerNotPartial, NoDifferentiableMethod, SeveralDifferentiableMethods, TensorUsedBeforeAssignment,
            ParameterNeverInitialized, UnsupportedSignature, GenericLayer, UnsupportedTensorOperation, UnsupportedStatement,
            TensorCondition, UnsupportedLoop, InPlaceOperation, LambdaInBody, TensorEscapes, TensorToNumber, TensorIndexing,
            UnsupportedCall, TensorCreation, NonTensorLocal, EarlyReturn, UnsupportedExpression,
            SubLayerMethod, SubLayerCalledTwice, LoopCarry, SubLayerReceiver,
            WindowSize, CatOperands, LossTargetDifferentiable, LossReduction, GeneratedMemberName, HiddenSdkName, HiddenSdkNameInNamespace,
            NestedBranch, NonDifferentiableArgument, ShapeRead, EmptyIfWithEffects, SubLayerWithoutBackward, SetFirstInBranch, ReductionDims,
        };

        static readonly Dictionary<string, DiagnosticDescriptor> s_byId = All.ToDictionary(d => d.Id);

        public static DiagnosticDescriptor ById(string id) => s_byId[id];
    }
}

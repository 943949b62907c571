using System.Collections.Generic;

namespace Edu.Sdk.Generators.Emit
{
    /// <summary>
    /// The members the generated part of a layer declares under fixed names: the module surface that optimisers,
    /// <c>Trainer.Fit</c>, the tape and the course's code call by these names, so unlike the generator's private fields
    /// and gradients (<c>GeneratedNames</c>) they cannot move to a free name. The emitter writes them from here and the
    /// parser reports a student member named like one (EDU1033) from the same lists, so the two cannot drift apart.
    /// </summary>
    internal static class LayerSurface
    {
        public const string Forward = "forward";
        public const string Parameters = "parameters";
        public const string NamedParameters = "named_parameters";
        public const string ZeroGrad = "zero_grad";
        public const string Training = "training";
        public const string Train = "train";
        public const string Eval = "eval";

        public const string Backward = "backward";
        public const string BackwardParameters = "backward_parameters";
        public const string Call = "call";
        public const string DescribeBackward = "DescribeBackward";

        public const string SavedRecord = "Saved";
        public const string SavedMember = "saved";

        /// <summary>Written for every layer, in every mode.</summary>
        public static readonly string[] EveryMode = { Forward, Parameters, NamedParameters, ZeroGrad, Training, Train, Eval };

        /// <summary>
        /// Written with a derived backward: outside manual mode, and for an [AutogradReference] layer in any mode.
        /// <see cref="BackwardParameters"/> only when <see cref="WritesBackwardParameters"/> holds.
        /// </summary>
        public static readonly string[] WithBackward = { Backward, BackwardParameters, Call, DescribeBackward };

        /// <summary>Written instead of the backward in manual mode: what the forward computed, for the student's backward.</summary>
        public static readonly string[] ManualOnly = { SavedRecord, SavedMember };

        /// <summary>
        /// Whether <see cref="BackwardParameters"/> is written: it skips dL/d(input), so it exists only when there is an
        /// input gradient to skip and a parameter (own or a sub-layer's) to update.
        /// </summary>
        public static bool WritesBackwardParameters(int differentiableInputs, int parameters, int subLayers) =>
            differentiableInputs > 0 && (parameters > 0 || subLayers > 0);

        /// <summary>Every name of the surface written for a layer: with its derived backward, or in manual mode without it.</summary>
        public static IEnumerable<string> Written(bool derived, bool backwardParameters)
        {
            foreach (var n in EveryMode) yield return n;
            foreach (var n in derived ? WithBackward : ManualOnly)
                if (n != BackwardParameters || backwardParameters) yield return n;
        }
    }
}

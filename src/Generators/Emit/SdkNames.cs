using System.Collections.Generic;
using System.Linq;

namespace Edu.Sdk.Generators.Emit
{
    /// <summary>
    /// The names the generated code reads from Edu.Sdk and .NET without qualifying them (the generated file should read
    /// like the student's own code, so no <c>global::</c>). Inside the layer a member of the student's class with one of
    /// these names is found first and hides it, and the generated code stops compiling; the parser reports such a
    /// member (EDU1034), or a type or namespace of a namespace the layer is in (EDU1035), from these lists. The emitter writes the values from the constants here; the types are written
    /// as plain text in its templates (they are everywhere, and only a nested type could hide them). A test binds every
    /// unqualified name of the generated code of the test layers and checks that both lists are complete and current.
    /// </summary>
    internal static class SdkNames
    {
        public const string Activation = "Activation";
        public const string GradOf = "GradOf";
        public const string GradOrStepOf = "GradOrStepOf";
        public const string LayerFunction = "LayerFunction";
        public const string LayerParameters = "LayerParameters";
        public const string SubLayers = "SubLayers";
        public const string NoGrad = "no_grad";

        /// <summary>Read as values (a type whose static members are called, a method, a namespace): any member of that name hides them. With where the generated code reads each.</summary>
        public static readonly (string Name, string Use)[] Values =
        {
            (Activation, "Activation.Relu, in a fused layer's forward"),
            (GradOf, "GradOf(w), the parameters' gradients in the backward"),
            (GradOrStepOf, "GradOrStepOf(w), a parameter's last gradient in the backward"),
            (LayerFunction, "LayerFunction.Apply, in call()"),
            (LayerParameters, "LayerParameters.ZeroGrad, in zero_grad()"),
            (SubLayers, "SubLayers.Parameters, for an array or list of sub-layers"),
            (NoGrad, "no_grad(), in the evaluation forward"),
        };

        /// <summary>Read as types only: a nested type of that name hides them.</summary>
        public static readonly string[] Types = { "IGeneratedLayer", "ILayer", "IReadOnlyList", "LayerWorkspace", "List", "Parameter", "Tensor" };

        /// <summary>Every name of both lists.</summary>
        public static IEnumerable<string> All => Values.Select(v => v.Name).Concat(Types);

        /// <summary>The type arguments the generated code writes after a type name (<c>List&lt;Tensor&gt;</c>: 1): only a type of that arity hides it.</summary>
        public static int Arity(string name) => name is "List" or "IReadOnlyList" ? 1 : 0;

        /// <summary>
        /// The names the generated code of one layer reads: every name, except those only some layers' code has. Activation
        /// needs an activation to fuse (relu, sigmoid or tanh in the method), GradOf and GradOrStepOf a parameter of the
        /// layer's own, SubLayers an array or list of sub-layers, List a loop over one.
        /// </summary>
        public static HashSet<string> ReadBy(ICollection<string> methodIdentifiers, bool ownParameters, bool subLayerLists)
        {
            var read = new HashSet<string>(All);
            if (!methodIdentifiers.Contains("relu") && !methodIdentifiers.Contains("sigmoid") && !methodIdentifiers.Contains("tanh")) read.Remove(Activation);
            if (!ownParameters) { read.Remove(GradOf); read.Remove(GradOrStepOf); }
            if (!subLayerLists) { read.Remove(SubLayers); read.Remove("List"); }
            return read;
        }

        /// <summary>
        /// Where the generated code reads <paramref name="name"/>, if a member of that name (a nested type when
        /// <paramref name="isType"/>) would hide it and this layer's code reads it (<paramref name="read"/>); otherwise null.
        /// </summary>
        public static string? UseOf(string name, bool isType, ICollection<string> read)
        {
            if (!read.Contains(name)) return null;
            foreach (var (n, use) in Values)
                if (n == name) return use;
            return isType && Types.Contains(name) ? "the type " + name + " in the generated members" : null;
        }
    }
}

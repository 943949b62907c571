namespace Edu.Sdk.Generators.Model
{
    /// <summary>A tensor argument of the differentiable method.</summary>
    internal sealed record InputInfo(string Name, bool Differentiable);

    /// <summary>A field holding a sub-layer (Kind "one") or an array or list of them ("many"): its parameters are this layer's too.</summary>
    internal sealed record SubLayerInfo(string Name, string Kind);

    /// <summary>
    /// Everything the emitter needs to write a layer, as strings and numbers only (no symbols, syntax or locations),
    /// so the pipeline caches: equal models give equal output. Where the code sits in the file (path, line numbers)
    /// is the layer's <see cref="SourceMap"/>, apart, so that moving lines does not change the model.
    /// <see cref="ReservedNames"/>: the class's member names (its base classes' too) and every identifier of the method
    /// body, sorted; a name the generator invents never is one of them: not a local or a parameter (the student's text
    /// it copies, a condition or a scalar, would otherwise read it instead of the member), nor a field or a method
    /// (a duplicate member). See <c>GeneratedNames</c>.
    /// <see cref="ClashesInManual"/>, <see cref="ClashesOutsideManual"/>: a student member is named like a member the
    /// generator writes in that mode only (reported then, see <see cref="ModeCondition"/>): in that mode the layer gets
    /// no generated part, as with any other diagnostic, rather than a file that does not compile.
    /// </summary>
    internal sealed record LayerModel(
        string Namespace,
        string TypeName,
        EquatableArray<string> ContainingTypes,
        string MethodName,
        bool IsReference,
        EquatableArray<InputInfo> Inputs,
        EquatableArray<string> Parameters,
        EquatableArray<SubLayerInfo> SubLayers,
        EquatableArray<ValueNode> Nodes,
        int ReturnId,
        EquatableArray<string> ReservedNames,
        bool ClashesInManual,
        bool ClashesOutsideManual)
    {
        /// <summary>How the student declared the type: <c>class</c>, or <c>record</c> (a record class), which the generated part repeats.</summary>
        public string Keyword { get; init; } = "class";

        /// <summary>Whether the generated part would collide with a student member in a project that is manual (<paramref name="manual"/>) or not.</summary>
        public bool Clashes(bool manual) => manual ? ClashesInManual : ClashesOutsideManual;

        /// <summary>The generated file's name: namespace and type, dotted (deterministic and unique).</summary>
        public string HintName =>
            (Namespace.Length == 0 ? "" : Namespace + ".") +
            string.Join(".", System.Linq.Enumerable.Select(ContainingTypes, c => c.Substring(c.LastIndexOf(' ') + 1))) +
            (ContainingTypes.Count == 0 ? "" : ".") + TypeName + ".g.cs";
    }
}

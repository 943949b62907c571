namespace Edu.Sdk;

/// <summary>
/// Marks a <c>partial</c> class as a layer: its fields of type <see cref="Nn.Parameter"/> are its parameters, and the
/// source generator turns its one <see cref="DifferentiableAttribute"/> method into a training <c>forward</c>, a
/// <c>backward</c> (derived symbolically at compile time) and the rest of the layer surface.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LayerAttribute : Attribute;

/// <summary>The method of a <see cref="LayerAttribute"/> class that the generator differentiates (exactly one per layer).</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute;

/// <summary>A tensor input that gets no gradient, such as a loss's target.</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class NonDifferentiableAttribute : Attribute;

/// <summary>
/// A comparison model (assignment A3) that may use autograd and gets a generated backward even in a project whose
/// assignment mode is <c>manual</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AutogradReferenceAttribute : Attribute;

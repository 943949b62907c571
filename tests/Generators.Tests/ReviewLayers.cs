using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// What the review tests share: the sub-layer <c>Sub</c> (tanh of a product by a 3x3 weight), a layer of one float64
/// input of shape (n, 3) in namespace T with Sub beside it, and loading one.
/// </summary>
internal static class ReviewLayers
{
    /// <summary>The source of the sub-layer <c>Sub</c>.</summary>
    public const string Sub = "\n[Layer] public partial class Sub { Parameter v; public Sub() { v = nn.Parameter(randn(3, 3, float64)); } [Differentiable] public Tensor Model(Tensor x) => tanh(x.matmul(v)); }\n";

    /// <summary>Layer <paramref name="name"/> with these fields, constructor body and method, then <see cref="Sub"/>.</summary>
    public static string Layer(string name, string fields, string init, string method, string header = "[Layer]", string ctorParams = "") => Harness.Usings + $$"""
        namespace T;
        {{header}}
        public partial class {{name}}
        {
            {{fields}}
            public {{name}}({{ctorParams}}) { {{init}} }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            {{method}}
        }
        """ + Sub;

    /// <summary>Compiles <paramref name="source"/> and makes layer <paramref name="name"/> after seeding the generator with <paramref name="seed"/>.</summary>
    public static IGeneratedLayer New(string source, string name, int seed = 3)
    {
        var assembly = Harness.Load(source);
        manual_seed(seed);
        return LayerRunner.Create(assembly, name, out _);
    }
}

using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>A [Layer] record class gets its generated part like a class (it was silently skipped; found by a review).</summary>
public class RecordLayerTests
{
    [Fact]
    public void A_layer_record_is_generated_and_matches_the_tape()
    {
        var source = Harness.Usings + """
            namespace Records;
            [Layer]
            public partial record Affine
            {
                Parameter w, b;
                public Affine() { w = nn.Parameter(randn(3, 2, float64)); b = nn.Parameter(randn(2, float64)); }
                public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
                [Differentiable]
                public Tensor Model(Tensor x) => tanh(x.matmul(w) + b);
            }
            """;
        var r = Harness.Run(source);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
        Assert.Contains("partial record Affine : IGeneratedLayer", r.Generated);
        LayerRunner.Check(Harness.Load(source), "Affine", 3, seed: 4);
    }
}

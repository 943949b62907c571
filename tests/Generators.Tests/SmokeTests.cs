namespace Edu.Sdk.Generators.Tests;

public class SmokeTests
{
    [Fact]
    public void Mlp_generates()
    {
        var r = Harness.Run(Harness.Usings + """
            namespace Demo;
            [Layer]
            public partial class Mlp
            {
                Parameter w1, b1, w2, b2;
                public Mlp(int i, int h, int c)
                {
                    w1 = nn.Parameter(randn(i, h)); b1 = nn.Parameter(zeros(h));
                    w2 = nn.Parameter(randn(h, c)); b2 = nn.Parameter(zeros(c));
                }

                [Differentiable]
                public Tensor Model(Tensor x)
                {
                    var h1 = relu(x.matmul(w1) + b1);
                    return h1.matmul(w2) + b2;
                }
            }
            """);
        File.WriteAllText("/tmp/mlp.g.cs", r.Generated + "\n/*\n" + string.Join("\n", r.GeneratorDiagnostics) + "\n" + string.Join("\n", r.CompileErrors) + "\n*/");
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
    }
}

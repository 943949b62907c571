namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// A layer for body tests: parameters w (3, 3) and b (3), a bool field flag, an array of two sub-layers subs (tanh of
/// a product), one float64 input x of batch n, and <c>Model</c> with the given statements.
/// </summary>
internal static class FlagLayer
{
    const string Sub = ReviewLayers.Sub;

    /// <summary>The source of layer <paramref name="name"/>, after <paramref name="usings"/> and the usual ones, in namespace declaration <paramref name="ns"/>.</summary>
    public static string Source(string name, string body, string usings = "", string ns = "namespace T;\n") => usings + Harness.Usings + ns + $$"""
        [Layer]
        public partial class {{name}}
        {
            Parameter w, b;
            public bool flag = true;
            Sub[] subs = [new Sub(), new Sub()];
            public {{name}}() { w = nn.Parameter(randn(3, 3, float64)); b = nn.Parameter(randn(3, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                {{body}}
            }
        }
        """ + Sub;

    /// <summary>
    /// Compiles <paramref name="source"/> and, for each value of the field flag given, checks layer Outer's generated
    /// backward against the tape and GradCheck on a batch of 3 (seed <paramref name="seed"/> when flag is true, the
    /// next one when false).
    /// </summary>
    public static void CheckWithFlag(string source, int seed, params bool[] flags)
    {
        var assembly = Harness.Load(source);
        foreach (bool flag in flags)
        {
            int s = flag ? seed : seed + 1;
            torch.manual_seed(s);
            var layer = LayerRunner.Create(assembly, "Outer", out var type);
            type.GetField("flag")!.SetValue(layer, flag);
            LayerRunner.Check(layer, 3, s);
        }
    }
}

using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// Members named like the locals the generator invents (<c>p</c> for cross_entropy's probabilities, <c>y_sum</c>,
/// <c>ws</c> and <c>i</c> for a loop's workspace and index) and read by the method: the generated locals take other
/// names, the code compiles and matches the tape and GradCheck.
/// </summary>
public class NameClashTests
{
    public const string Source = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Clash;

        [Layer]
        public partial class Affine
        {
            Parameter w, b;
            public Affine(int n) { w = nn.Parameter(randn(n, n, float64) * 0.5); b = nn.Parameter(randn(n, float64) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }

        [Layer]
        public partial class ClashingLoss
        {
            Parameter w;
            Affine[] blocks;
            public double p = 0.5, y_sum = 0.25, ws = 1.5;
            public int i = 1;
            public ClashingLoss(int depth)
            {
                w = nn.Parameter(randn(3, float64));
                blocks = new Affine[depth];
                for (int k = 0; k < depth; k++) blocks[k] = new Affine(3);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64), randint(0, 3, [n])];
            [Differentiable]
            public Tensor Loss(Tensor z, [NonDifferentiable] Tensor t)
            {
                foreach (var d in blocks)
                {
                    z = d.Model(z) * (ws + i);
                    if (i > 0) z = tanh(z) * ws;
                }
                return (nn.functional.cross_entropy(z * w * p, t) + (z * z).mean() * y_sum) * ws;
            }
        }
        """;

    /// <summary>
    /// Members named like what the generator declares outside the values' names: the upstream gradient (<c>dL_dy</c>)
    /// and another gradient (<c>dL_dh1</c>), the workspace, a kept input (<c>_x</c>), the forward's record, the core
    /// <c>Backward</c> and its <c>inputGradients</c>, the input-names array; all read by the method. And a local named
    /// <c>ws</c>, whose kept copy would be the workspace's name, a sub-layer named like train's <c>mode</c>, a number
    /// named like the tape adapter's <c>inputs</c>.
    /// </summary>
    public const string MemberSource = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Clash;

        [Layer]
        public partial class Affine
        {
            Parameter w, b;
            public Affine(int n) { w = nn.Parameter(randn(n, n, float64) * 0.5); b = nn.Parameter(randn(n, float64) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }

        [Layer]
        public partial class ClashingMembers
        {
            Parameter w1, w2;
            Affine[] blocks;
            public float dL_dy = 2f;
            public double dL_dh1 = 0.5, _ws = 1.5, _x = 0.25, _hasForward = 2.0, Backward = 0.75;
            public int inputGradients = 1;
            public static int s_inputNames = 2;
            public ClashingMembers(int depth)
            {
                w1 = nn.Parameter(randn(3, 3, float64));
                w2 = nn.Parameter(randn(3, 2, float64));
                blocks = new Affine[depth];
                for (int k = 0; k < depth; k++) blocks[k] = new Affine(3);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h1 = tanh(x.matmul(w1)) * dL_dh1;
                foreach (var d in blocks) h1 = d.Model(h1) * _ws;
                if (inputGradients > 0) h1 = h1 * (_x + s_inputNames);
                return h1.matmul(w2) * dL_dy * _hasForward + h1.sum() * Backward;
            }
        }

        [Layer]
        public partial class ClashingLocal
        {
            Parameter w;
            Affine mode = new(3);
            public double inputs = 1.5;
            public ClashingLocal() { w = nn.Parameter(randn(3, 3, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var ws = tanh(mode.Model(x).matmul(w));
                return ws * ws * inputs;
            }
        }
        """;

    /// <summary>
    /// A field whose name ends in <c>_ws</c> (<c>my_ws</c>), read as <c>my_ws.scale</c> and <c>my_ws.on</c> inside a loop
    /// over sub-layers: a multiplier, a branch condition, and the same multiplier again in the backward. The generator
    /// once renamed the loop's workspace by replacing <c>"_ws."</c> in the code it wrote, which turned the student's
    /// <c>my_ws.scale</c> into <c>myws.scale</c> (a compile error inside the generated file).
    /// </summary>
    public const string WorkspaceSuffixSource = """
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Clash;

        [Layer]
        public partial class Affine
        {
            Parameter w, b;
            public Affine(int n) { w = nn.Parameter(randn(n, n, float64) * 0.5); b = nn.Parameter(randn(n, float64) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }

        public sealed class Knobs
        {
            public double scale = 0.75;
            public bool on = true;
        }

        [Layer]
        public partial class WorkspaceSuffix
        {
            Parameter w;
            Affine[] blocks;
            Knobs my_ws = new();
            public WorkspaceSuffix(int depth)
            {
                w = nn.Parameter(randn(3, 2, float64));
                blocks = new Affine[depth];
                for (int k = 0; k < depth; k++) blocks[k] = new Affine(3);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = x;
                foreach (var d in blocks)
                {
                    h = d.Model(h) * my_ws.scale;
                    if (my_ws.on) h = tanh(h) * my_ws.scale;
                }
                return h.matmul(w);
            }
        }
        """;

    static readonly Lazy<Assembly> s_assembly = new(() => Harness.Load(Source));

    static readonly Lazy<Assembly> s_members = new(() => Harness.Load(MemberSource));

    static readonly Lazy<Assembly> s_workspaceSuffix = new(() => Harness.Load(WorkspaceSuffixSource));


    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Members_named_like_generated_fields_and_gradients_still_compile_and_match_the_tape_and_GradCheck(int depth)
    {
        manual_seed(50 + depth);
        var layer = (IGeneratedLayer)Activator.CreateInstance(s_members.Value.GetTypes().Single(t => t.Name == "ClashingMembers"), depth)!;
        LayerRunner.Check(layer, n: 3, seed: depth);
    }

    [Fact]
    public void A_local_named_like_the_workspace_keeps_its_value_in_another_field()
    {
        manual_seed(55);
        LayerRunner.Check(s_members.Value, "ClashingLocal", n: 3, seed: 5);
        var generated = Harness.Run(MemberSource).Generated;
        Assert.Contains("_ws_2 = ws;", generated);
        Assert.Contains("public void train(bool mode_2 = true)", generated);
        Assert.Contains("Forward(IReadOnlyList<Tensor> inputs_2)", generated);
    }

    [Fact]
    public void The_generated_members_and_gradients_take_the_next_free_names()
    {
        var all = Harness.Run(MemberSource).Generated;
        int start = all.IndexOf("partial class ClashingMembers", StringComparison.Ordinal), end = all.IndexOf("// <auto-generated/>", start, StringComparison.Ordinal);
        var generated = end < 0 ? all[start..] : all[start..end];
        Assert.Contains("public Tensor backward(Tensor dL_dy_2) => Backward_2(dL_dy_2, inputGradients_2: true)!;", generated);
        Assert.Contains("readonly LayerWorkspace _ws_2 = new();", generated);
        // h1's gradient skips dL_dh1_2 and dL_dh1_3: they stay the gradients of h1_2 and h1_3.
        Assert.Contains("var dL_dh1_4 = dL_dh1_2;", generated);
        Assert.Contains("var dL_dh1_2 = dL_dh1_3;", generated);
        Assert.Contains("_x_2 = x;", generated);
        // A field named like a member the generator once wrote (_hasForward) is just the student's field now.
        Assert.DoesNotContain("_hasForward_2", generated);
        Assert.Contains("static readonly string[] s_inputNames_2 = [\"x\"];", generated);
        Assert.DoesNotContain("Tensor dL_dy)", generated);
        Assert.DoesNotContain("var dL_dh1 = ", generated);
    }

    [Fact]
    public void Members_named_like_generated_ones_compile_in_manual_mode()
    {
        var r = Harness.Run(MemberSource, "manual");
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void A_loss_with_members_named_like_generated_locals_matches_the_tape_and_GradCheck(int depth)
    {
        manual_seed(40 + depth);
        var layer = (IGeneratedLayer)Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == "ClashingLoss"), depth)!;
        LayerRunner.Check(layer, n: 4, seed: depth);
    }

    [Fact]
    public void The_generated_locals_take_the_next_free_names()
    {
        var generated = Harness.Run(Source).Generated;
        Assert.Contains("out var p_2)", generated);
        Assert.Contains("var y_sum_2 = ", generated);
        Assert.Contains("var ws_2 = _ws.Loop(i_2);", generated);
        Assert.DoesNotContain("out var p)", generated);
        Assert.DoesNotContain("var ws = ", generated);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_member_ending_in_ws_read_in_a_loop_body_compiles_unchanged_and_matches_the_tape_and_GradCheck(int depth)
    {
        var generated = Harness.Run(WorkspaceSuffixSource).Generated;
        Assert.Contains("my_ws.scale", generated);
        Assert.Contains("my_ws.on", generated);
        Assert.DoesNotContain("myws", generated);
        manual_seed(60 + depth);
        var layer = (IGeneratedLayer)Activator.CreateInstance(s_workspaceSuffix.Value.GetTypes().Single(t => t.Name == "WorkspaceSuffix"), depth)!;
        LayerRunner.Check(layer, n: 3, seed: depth);
    }
}

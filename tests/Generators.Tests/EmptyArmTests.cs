using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// Empty arms of an <c>if</c>: <c>if (frozen) { } else h = relu(h);</c>, <c>else if (c) { }</c> in a chain, and an
/// <c>if</c> with nothing in it. Before, any empty arm but a final <c>else</c> was EDU1026 ("assigns 0 tensors"). An
/// empty arm makes no value; its record says whether it ran, so the arms after it do not.
/// </summary>
public class EmptyArmTests
{
    [Fact]
    public void An_empty_first_arm_runs_the_else_only_when_its_condition_is_false()
    {
        var source = FlagLayer.Source("Outer", "var h = x.matmul(w);\nif (flag) { }\nelse h = relu(h) + b;\nreturn tanh(h);");
        var r = Harness.Run(source);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Contains("_if_h_2 = flag;", r.Generated);
        Assert.Contains("_if_h_3 = !_if_h_2;", r.Generated);
        FlagLayer.CheckWithFlag(source, 31, true, false);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void An_empty_arm_in_the_middle_of_a_chain_stops_the_arms_after_it(int mode)
    {
        var source = ModeLayer("""
            var h = x.matmul(w);
            if (mode == 0) h = relu(h);
            else if (mode == 1) { }
            else h = h * b;
            return h.sum(1);
            """);
        var r = Harness.Run(source);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Contains("_if_h_3 = !_if_h_2 && (mode == 1);", r.Generated);
        Assert.Contains("_if_h_4 = !_if_h_2 && !_if_h_3;", r.Generated);
        CheckMode(source, mode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("manual")]
    public void An_empty_arm_inside_a_loop_body_keeps_a_record_per_iteration(string? assignment)
    {
        var source = FlagLayer.Source("Outer", """
            var h = x;
            foreach (var s in subs)
            {
                h = s.Model(h);
                if (flag) { }
                else h = relu(h) + x;
            }
            return h;
            """);
        var r = Harness.Run(source, assignment);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
        if (assignment is null)
        {
            Assert.Contains("_if_h_2_at.Add(flag);", r.Generated);
            // The else arm's input is named after the value that flows in (h), not after the loop's h_3 (h_3_in_2).
            Assert.Contains("var h_in = h_3;", r.Generated);
            Assert.DoesNotContain("h_3_in_2", r.Generated);
            Assert.Contains("_if_h_3_at.Add(!_if_h_2_at[i]);", r.Generated);
            FlagLayer.CheckWithFlag(source, 33, true, false);
        }
    }

    [Theory]
    [InlineData("if (flag) { }")]
    [InlineData("if (flag) { } else { }")]
    [InlineData("if (flag) ;")]
    public void An_if_that_does_nothing_is_no_branch(string nothing)
    {
        var source = FlagLayer.Source("Outer", $"var h = relu(x.matmul(w));\n{nothing}\nreturn h + b;");
        var r = Harness.Run(source);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.DoesNotContain("_if_", r.Generated);
        FlagLayer.CheckWithFlag(source, 35, true);
    }

    [Fact]
    public void A_final_empty_arm_with_a_pure_condition_is_dropped_like_an_empty_else()
    {
        var source = FlagLayer.Source("Outer", "var h = x.matmul(w);\nif (flag) h = relu(h);\nelse if (subs.Length == 2) { }\nreturn h + b;");
        var r = Harness.Run(source);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.DoesNotContain("_if_h_3", r.Generated);
        FlagLayer.CheckWithFlag(source, 37, true, false);
    }

    /// <summary>
    /// A final empty arm whose condition does something: the forward still evaluates it exactly when C# does (after the
    /// earlier arms did not run), in both modes, so a method counting its calls sees the student's count.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData("manual")]
    public void A_final_empty_arm_whose_condition_calls_a_method_still_calls_it_when_CSharp_would(string? assignment)
    {
        const string Source = Harness.Usings + """
            namespace C;
            [Layer]
            public partial class Count
            {
                Parameter w;
                public bool smooth;
                public int calls;
                public Count() { w = nn.Parameter(randn(3, 3, float64)); }
                bool Tick() { calls++; return false; }
                [Differentiable]
                public Tensor Model(Tensor x)
                {
                    var h = x.matmul(w);
                    if (smooth) h = tanh(h);
                    else if (Tick()) { }
                    return h;
                }
            }
            """;
        var r = Harness.Run(Source, assignment);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
        var type = Harness.Load(Source, assignment).GetType("C.Count")!;
        dynamic layer = Activator.CreateInstance(type)!;
        var x = torch.randn(new long[] { 2, 3 }, torch.float64);
        layer.forward(x);
        Assert.Equal(1, (int)type.GetField("calls")!.GetValue(layer)!);
        type.GetField("smooth")!.SetValue(layer, true);
        layer.forward(x);
        Assert.Equal(1, (int)type.GetField("calls")!.GetValue(layer)!);
    }

    [Fact]
    public void An_empty_arm_has_no_value_in_manual_modes_saved_record()
    {
        var source = FlagLayer.Source("Outer", "var h = x.matmul(w);\nif (flag) { }\nelse h = relu(h);\nreturn h + b;");
        var r = Harness.Run(source, "manual");
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
        Assert.Contains("bool if_h_2 = flag;", r.Generated);
        Assert.DoesNotContain("saved.h_2", r.Generated);
    }

    [Fact]
    public void An_arm_that_assigns_nothing_beside_an_empty_one_is_still_EDU1026_on_that_arm()
    {
        const string Body = "var h = x.matmul(w);\nif (flag) { }\nelse { var t = relu(h); }\nreturn h;";
        var source = FlagLayer.Source("Outer", Body);
        var d = Assert.Single(Harness.Run(source).GeneratorDiagnostics);
        Assert.Equal("EDU1026", d.Id);
        Assert.Equal(source.IndexOf("{ var t", StringComparison.Ordinal), d.Location.SourceSpan.Start);
    }

    [Theory]
    [InlineData("if (System.Random.Shared.NextDouble() < 0.5) { }", "System.Random.Shared.NextDouble() < 0.5")]
    [InlineData("if (flag) { }\nelse if (subs.Length > System.Random.Shared.Next(3)) { }", "subs.Length > System.Random.Shared.Next(3)")]
    public void An_if_with_nothing_in_it_whose_condition_does_something_is_EDU1039_on_that_condition(string branch, string condition)
    {
        var source = FlagLayer.Source("Outer", "var h = x.matmul(w);\n" + branch + "\nreturn h + b;");
        var d = Assert.Single(Harness.Run(source).GeneratorDiagnostics);
        Assert.Equal("EDU1039", d.Id);
        Assert.Equal(source.IndexOf(condition, StringComparison.Ordinal), d.Location.SourceSpan.Start);
        Assert.Equal(condition.Length, d.Location.SourceSpan.Length);
        Assert.Contains($"its condition '{condition}' does something", d.GetMessage());
    }

    static string ModeLayer(string body) => Harness.Usings + $$"""
        namespace T;
        [Layer]
        public partial class Modes
        {
            Parameter w, b;
            public int mode;
            public Modes() { w = nn.Parameter(randn(3, 3, float64)); b = nn.Parameter(randn(3, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                {{body}}
            }
        }
        """;

    static void CheckMode(string source, int mode)
    {
        torch.manual_seed(40 + mode);
        var layer = LayerRunner.Create(Harness.Load(source), "Modes", out var type);
        type.GetField("mode")!.SetValue(layer, mode);
        LayerRunner.Check(layer, 3, 40 + mode);
    }
}

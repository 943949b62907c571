using System.Reflection;
using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// <c>else if</c> chains, and the rule that makes them right: each arm of an <c>if</c> runs when no earlier arm ran and
/// its own condition holds, so each condition is evaluated once, and only when C# evaluates it. Before, an <c>else</c>
/// evaluated the condition again (<c>!(cond)</c>), so a condition that draws a random number could run both arms or
/// neither, and an <c>else if</c> was EDU1036.
/// </summary>
public class ElseIfTests
{
    static readonly Lazy<Assembly> s_chain = new(() => Harness.Load(Cases.All.Single(c => c.Name == "ElseIfChain").Source));

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    [InlineData(3, false)]
    public void Each_arm_of_an_else_if_chain_matches_the_tape_and_finite_differences(int mode, bool gated)
    {
        for (int seed = 0; seed < 2; seed++)
        {
            torch.manual_seed(seed);
            var layer = LayerRunner.Create(s_chain.Value, "ElseIfChain", out var type);
            type.GetField("mode")!.SetValue(layer, mode);
            type.GetField("gated")!.SetValue(layer, gated);
            LayerRunner.Check(layer, 2 + seed, seed);
        }
    }

    /// <summary>A layer whose if tests a method that counts its calls and is true on the odd ones (a coin the test controls).</summary>
    const string Coin = Harness.Usings + """
        namespace C;
        [Layer]
        public partial class Coin
        {
            Parameter w;
            public int calls;
            public Coin() { w = nn.Parameter(randn(3, 3, float64)); }
            bool Flip() => ++calls % 2 == 1;
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = x.matmul(w);
                if (Flip()) h = relu(h);
                else h = tanh(h);
                return h;
            }
        }
        """;

    [Theory]
    [InlineData(null)]
    [InlineData("manual")]
    public void An_if_else_tests_its_condition_once_and_runs_exactly_one_arm(string? mode)
    {
        var type = Harness.Load(Coin, mode).GetType("C.Coin")!;
        torch.manual_seed(4);
        dynamic layer = Activator.CreateInstance(type)!;
        var w = ((IEnumerable<Parameter>)layer.parameters()).Single();
        var x = torch.randn(new long[] { 2, 3 }, torch.float64);
        var z = x.matmul(w).detach();
        for (int call = 1; call <= 4; call++)
        {
            Tensor h = layer.forward(x);
            Assert.Equal(call, (int)type.GetField("calls")!.GetValue(layer)!);
            // Odd calls flip true (relu), even ones false (tanh); tested twice, the else would also run after relu.
            var expected = call % 2 == 1 ? torch.relu(z) : torch.tanh(z);
            LayerRunner.AssertClose(expected, h, $"forward {call}");
        }
    }

    [Fact]
    public void The_generated_else_reads_the_first_arms_record_instead_of_testing_again()
    {
        var generated = Harness.Run(Coin).Generated;
        Assert.Contains("_if_h_2 = Flip();", generated);
        Assert.Contains("_if_h_3 = !_if_h_2;", generated);
        // Flip() once in the code (comments aside): the record, not a second test.
        var code = generated.Split('\n').Select(l => l.Split("//")[0]);
        Assert.Single(code, l => l.Contains("Flip()", StringComparison.Ordinal));
    }

    [Fact]
    public void Later_arms_name_every_earlier_arm_and_their_own_test()
    {
        var generated = Harness.Run(Cases.All.Single(c => c.Name == "ElseIfChain").Source).Generated;
        Assert.Contains("_if_h_2 = mode == 0;", generated);
        Assert.Contains("_if_h_3 = !_if_h_2 && (mode == 1);", generated);
        Assert.Contains("_if_h_4 = !_if_h_2 && !_if_h_3 && gated;", generated);
        Assert.Contains("_if_h_5 = !_if_h_2 && !_if_h_3 && !_if_h_4;", generated);
        // The comments give each arm's condition in the student's terms.
        Assert.Contains("bool _if_h_4;   // !(mode == 0) && !(mode == 1) && gated", generated);
    }

    [Fact]
    public void An_else_if_chain_inside_a_loop_body_replays_each_iterations_arm()
    {
        // The arms' records are per iteration: the later arms read this iteration's (_if_h_2_at[i]).
        var source = FlagLayer.Source("Outer", """
            var h = x;
            foreach (var s in subs)
            {
                h = s.Model(h);
                if (flag) h = h * b;
                else if (subs.Length == 2) h = relu(h) + x;
                else h = h * 2.0;
            }
            return h;
            """);
        Assert.Contains("_if_h_3_at.Add(!_if_h_2_at[i] && (subs.Length == 2));", Harness.Run(source).Generated);
        FlagLayer.CheckWithFlag(source, 21, true, false);
    }

    [Fact]
    public void An_empty_else_is_no_arm()
    {
        var source = FlagLayer.Source("Outer", "var h = tanh(x.matmul(w));\nif (flag) h = h * b;\nelse { }\nreturn h;");
        Assert.Empty(Harness.Run(source).GeneratorDiagnostics);
        FlagLayer.CheckWithFlag(source, 5, true, false);
    }

    [Fact]
    public void An_else_if_whose_condition_reads_a_tensor_is_EDU1012_on_that_condition()
    {
        const string Condition = "h.sum().item<double>() > 0";
        var source = FlagLayer.Source("Outer", $"var h = x.matmul(w);\nif (flag) h = relu(h);\nelse if ({Condition}) h = tanh(h);\nreturn h;");
        var d = Assert.Single(Harness.Run(source).GeneratorDiagnostics);
        Assert.Equal("EDU1012", d.Id);
        Assert.Equal(new Microsoft.CodeAnalysis.Text.TextSpan(source.IndexOf(Condition, StringComparison.Ordinal), Condition.Length), d.Location.SourceSpan);
    }
}

using Edu.Sdk.Nn;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// The else-if chains' edge cases a review found wrong (unused earlier arms, conditions that declare variables, empty
/// statements as an else). Each test states what the student's method does, which the generated code must do too.
/// </summary>
public class ElseIfEdgeTests
{
    // ---- 1. An earlier arm whose value the output does not read -----------------------------------------------------
    // The forward emits only the nodes that reach the output, so a dead earlier arm is not emitted and its record
    // (_if_z_2) is never set; the later arms' guards read it (!_if_z_2) and run even when the earlier arm's condition
    // held. Before 3edec91 an else tested !(cond) itself, so this is a regression for a plain if/else too.

    [Theory]
    // if/else: when flag holds the student leaves h alone; the generated forward applies tanh.
    [InlineData("var h = x.matmul(w);\nvar z = x * 2.0;\nif (flag) z = relu(z);\nelse h = tanh(h);\nreturn h;")]
    // A dead middle arm: with flag true (subs.Length is 2) the student runs the middle arm only; the generated else runs too.
    [InlineData("var h = x.matmul(w);\nvar z = x * 2.0;\nif (!flag) h = relu(h);\nelse if (subs.Length == 2) z = tanh(z);\nelse h = h * b;\nreturn h;")]
    public void A_later_arm_does_not_run_when_a_dead_earlier_arm_was_taken(string body)
    {
        var source = FlagLayer.Source("Outer", body);
        FlagLayer.CheckWithFlag(source, 3, true, false);
    }

    /// <summary>The dead arm's condition is not evaluated at all: a condition with a side effect is skipped.</summary>
    const string DeadCoin = Harness.Usings + """
        namespace C;
        [Layer]
        public partial class DeadCoin
        {
            Parameter w;
            public int calls;
            public DeadCoin() { w = nn.Parameter(randn(3, 3, float64)); }
            bool Flip() => ++calls % 2 == 1;
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = x.matmul(w);
                var z = x * 2.0;
                if (Flip()) z = relu(z);
                else h = tanh(h);
                return h;
            }
        }
        """;

    [Fact]
    public void A_dead_first_arm_still_tests_its_condition_once_and_decides_the_else()
    {
        var type = Harness.Load(DeadCoin).GetType("C.DeadCoin")!;
        torch.manual_seed(4);
        dynamic layer = Activator.CreateInstance(type)!;
        var w = ((IEnumerable<Parameter>)layer.parameters()).Single();
        var x = torch.randn(new long[] { 2, 3 }, torch.float64);
        var xw = x.matmul(w).detach();
        for (int call = 1; call <= 4; call++)
        {
            Tensor h = layer.forward(x);
            Assert.Equal(call, (int)type.GetField("calls")!.GetValue(layer)!);
            // Odd calls flip true (the dead arm: h unchanged), even ones false (tanh).
            LayerRunner.AssertClose(call % 2 == 1 ? xw : torch.tanh(xw), h, $"forward {call}");
        }
    }

    const string DeadArmInLoop = """
        var h = x;
        foreach (var s in subs)
        {
            var t = s.Model(h);
            var u = h * 2.0;
            if (flag) u = relu(u);
            else t = tanh(t);
            h = t;
        }
        return h;
        """;

    /// <summary>In a loop body the dead arm's list (_if_u_2_at) gets no entry: the else reads _if_u_2_at[i] and throws.</summary>
    [Fact]
    public void A_dead_earlier_arm_in_a_loop_body_does_not_break_the_forward()
    {
        FlagLayer.CheckWithFlag(FlagLayer.Source("Outer", DeadArmInLoop), 7, true, false);
    }

    /// <summary>In manual mode the dead arm's local (bool if_u_2) is not declared, and the else reads it: CS0103.</summary>
    [Fact]
    public void A_dead_earlier_arm_in_a_loop_body_compiles_in_manual_mode()
    {
        Harness.Load(FlagLayer.Source("Outer", DeadArmInLoop), "manual");
    }

    // ---- 2. An else if whose condition declares a variable ----------------------------------------------------------
    // Roslyn puts an if statement whose condition declares a pattern or out variable in an implicit block (the
    // variable's scope), so WhenFalse is an IBlockOperation, not an IConditionalOperation: the chain stops there, the
    // else-if is parsed as an 'else { if ... }' arm, and is reported EDU1036 "an if inside the block of an arm".

    [Theory]
    [InlineData("subs is { Length: var n } && n == 2")]
    [InlineData("int.TryParse(\"2\", out var k) && k == 2")]
    public void An_else_if_whose_condition_declares_a_variable_is_an_arm_of_the_chain(string condition)
    {
        var source = FlagLayer.Source("Outer", $"var h = x.matmul(w);\nif (flag) h = relu(h);\nelse if ({condition}) h = tanh(h);\nelse h = h * b;\nreturn h;");
        Assert.Empty(Harness.Run(source).GeneratorDiagnostics);
        FlagLayer.CheckWithFlag(source, 11, true, false);
    }

    // ---- 3. An else whose statement is empty ------------------------------------------------------------------------
    // 'else { }' is no arm, but 'else ;' and 'else { ; }' (the same meaning) are arms that assign nothing: EDU1026.

    [Theory]
    [InlineData("else ;")]
    [InlineData("else { ; }")]
    public void An_else_with_an_empty_statement_is_no_arm_like_an_empty_block(string otherwise)
    {
        var source = FlagLayer.Source("Outer", $"var h = tanh(x.matmul(w));\nif (flag) h = h * b;\n{otherwise}\nreturn h;");
        Assert.Empty(Harness.Run(source).GeneratorDiagnostics);
        FlagLayer.CheckWithFlag(source, 13, true, false);
    }

    // ---- 4. (Before 3edec91 already) a pattern variable of the condition read in its arm ----------------------------
    // The generated forward assigns the condition to the record (_if_h_2 = subs is { Length: var n } && n == 2;) and
    // tests the record, so n is not definitely assigned in the arm: CS0165, reported in the student's file (#line).

    [Fact]
    public void A_pattern_variable_of_the_condition_read_in_the_arm_compiles()
    {
        var source = FlagLayer.Source("Outer", "var h = x.matmul(w);\nif (subs is { Length: var n } && n == 2) h = tanh(h) * n;\nelse h = h * b;\nreturn h;");
        var r = Harness.Run(source);
        Assert.Empty(r.GeneratorDiagnostics);
        Assert.Empty(r.CompileErrors);
    }
}

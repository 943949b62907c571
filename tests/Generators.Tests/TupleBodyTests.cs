namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// Tuples and lambdas inside an if or a loop over sub-layers: the carried value is found through a deconstruction too,
/// and a lambda's call reports nothing more than EDU1015 on the lambda (found by a review).
/// </summary>
public class TupleBodyTests
{
    /// <summary>
    /// A tuple that sets a second local declared before an if (or loop) is not seen by the carried-value scan
    /// (BodyParser.Loops.RunLoop looks at ISimpleAssignment/ICompoundAssignment only); g stays bound to a node of the
    /// branch's graph, and the generator crashes (KeyNotFoundException in Graph.Reachable, CS8785, no layer generated).
    /// The same with plain assignments is one EDU1026.
    /// </summary>
    [Theory]
    [InlineData("if (flag) { h = h + b; (g, _) = (tanh(h), h); }", "if (flag) { h = h + b; g = tanh(h); }")]
    [InlineData("foreach (var s in subs) { h = s.Model(h); (g, _) = (h * 2.0, h); }", "foreach (var s in subs) { h = s.Model(h); g = h * 2.0; }")]
    public void A_tuple_setting_a_second_outer_local_in_a_branch_or_loop_is_reported_like_an_assignment(string tupleForm, string assignmentForm)
    {
        string Body(string s) => "var h = x.matmul(w);\nvar g = x * 2.0;\n" + s + "\nreturn h * g;";
        var expected = Harness.Run(FlagLayer.Source("Two", Body(assignmentForm))).GeneratorDiagnostics.Select(d => d.Id).ToList();
        var actual = Harness.Run(FlagLayer.Source("Two", Body(tupleForm))).GeneratorDiagnostics;
        Assert.Equal(["EDU1026"], expected);
        Assert.DoesNotContain(actual, d => d.Id == "CS8785");
        Assert.Equal(expected, actual.Select(d => d.Id).ToList());
    }

    /// <summary>
    /// A tuple as the one assignment of an if or a loop over sub-layers: the same scan finds no carried value and
    /// reports EDU1026 "assigns 0 tensor(s)" although the body sets h (h = h + b / h = s.Model(h) is supported).
    /// </summary>
    [Theory]
    [InlineData("if (flag) (h, _) = (h + b, h);")]
    [InlineData("foreach (var s in subs) (h, _) = (s.Model(h), h);")]
    public void A_tuple_as_the_assignment_of_a_branch_or_loop_agrees_with_the_tape(string statement)
    {
        var assembly = Harness.Load(FlagLayer.Source("One", "var h = x.matmul(w);\n" + statement + "\nreturn h;"));
        LayerRunner.Check(assembly, "One", 3, 1);
    }

    /// <summary>The call inside an if or a loop returns -1 without a report, and RunLoop then adds EDU1026 (0 carried).</summary>
    [Theory]
    [InlineData("if (flag) h = f(h);")]
    [InlineData("foreach (var s in subs) h = f(s.Model(h));")]
    public void A_lambda_local_called_in_a_branch_or_loop_is_one_EDU1015(string statement)
    {
        var r = Harness.Run(FlagLayer.Source("Lam", "var f = (Tensor t) => t * 2.0;\nvar h = x.matmul(w);\n" + statement + "\nreturn h;"));
        Assert.Equal(["EDU1015"], r.GeneratorDiagnostics.Select(d => d.Id).ToArray());
    }

    /// <summary>The method's input set again through a tuple, in a loop over sub-layers and in a branch (it was EDU1023).</summary>
    [Theory]
    [InlineData("foreach (var s in subs) (x, _) = (s.Model(x), x);")]
    [InlineData("if (flag) (x, _) = (tanh(x), x);")]
    [InlineData("if (flag) x = tanh(x);")]
    public void A_tuple_setting_the_input_agrees_with_the_tape(string statement)
    {
        var assembly = Harness.Load(FlagLayer.Source("In", statement + "\nreturn x.matmul(w);"));
        LayerRunner.Check(assembly, "In", 3, 2);
    }
}

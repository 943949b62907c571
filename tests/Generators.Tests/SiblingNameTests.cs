using System.Reflection;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// Every value of a method has a name of its own (its generated local, workspace buffer and kept field): locals of the
/// same name in sibling scopes (two ifs, if/else arms, two loops) and a student's local named like a generated one
/// (h_2, ws) did not compile, or shared a buffer so that one overwrote what the other's backward read, a silently
/// wrong gradient (found by a review). Each case is checked against the tape and GradCheck, branches run and not.
/// </summary>
public class SiblingNameTests
{
    /// <summary>A course-style layer: two weights, flags, an encoder and a decoder of residual blocks, two optional projections.</summary>
    static string Layer(string body) => Harness.Usings + $$"""
        namespace R;
        [Layer] public partial class Block { Parameter v, c; public Block() { v = nn.Parameter(randn(3, 3, float64) * 0.5); c = nn.Parameter(randn(3, float64) * 0.1); } [Differentiable] public Tensor Model(Tensor x) => x.matmul(v) + c; }
        [Layer]
        public partial class Net
        {
            Parameter w, g;
            public bool useNorm = true, useNormOut = true, useGelu = true, useIn = true, useOut = true;
            Block[] encoder = [new Block(), new Block()];
            Block[] decoder = [new Block(), new Block()];
            Block inProj = new Block(), outProj = new Block();
            public Net() { w = nn.Parameter(randn(3, 3, float64) * 0.5); g = nn.Parameter(randn(3, float64)); }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                {{body}}
            }
        }
        """;

    static void CheckAll(string body, params string[] flagsToClear)
    {
        var assembly = Harness.Load(Layer(body));
        foreach (var n in new[] { 1, 3 })
        {
            manual_seed(n);
            var layer = LayerRunner.Create(assembly, "Net", out var type);
            foreach (var f in flagsToClear) type.GetField(f)!.SetValue(layer, false);
            LayerRunner.Check(layer, n, n);
        }
    }

    // 1. Optional layer norm before and after a projection: both branches declare 'c', kept for the backward.
    //    Generated: CS0102 'Net' already contains a definition for '_c' (one kept field per name, not per local).
    const string TwoOptionalNorms = """
        var h = x;
        if (useNorm) { var c = h - h.mean(1, true); h = c / sqrt((c * c).mean(1, true) + 1e-5) * g; }
        h = h.matmul(w);
        if (useNormOut) { var c = h - h.mean(1, true); h = c / sqrt((c * c).mean(1, true) + 1e-5); }
        return h;
        """;

    [Theory]
    [InlineData("")]
    [InlineData("useNorm")]
    public void Two_ifs_that_each_declare_a_kept_local_c_compile_and_match_the_tape(string off) => CheckAll(TwoOptionalNorms, off.Split(',', StringSplitOptions.RemoveEmptyEntries));

    // 2. if/else arms with a local of the same name, kept in both: CS0102 '_t'.
    const string ArmsWithT = """
        var h = x.matmul(w);
        if (useGelu) { var t = tanh(h); h = t * h; }
        else { var t = sigmoid(h); h = t * h; }
        return h;
        """;

    [Theory]
    [InlineData("")]
    [InlineData("useGelu")]
    public void If_and_else_arms_that_each_declare_a_kept_local_t_compile_and_match_the_tape(string off) => CheckAll(ArmsWithT, off.Split(',', StringSplitOptions.RemoveEmptyEntries));

    // 3. Two loops over different sub-layer arrays, each body with a gated local 'z' it keeps: CS0102 '_z_at'.
    const string TwoGatedLoops = """
        var h = x;
        foreach (var blk in encoder) { var z = blk.Model(h); h = tanh(z) * z; }
        foreach (var blk in decoder) { var z = blk.Model(h); h = tanh(z) * z; }
        return h;
        """;

    [Fact]
    public void Two_loops_that_each_declare_a_kept_local_z_compile_and_match_the_tape() => CheckAll(TwoGatedLoops);

    // 4. Two loops of pre-centred residual blocks: each body's 'c' is a workspace buffer named "c" in _ws.Loop(i),
    //    the same buffer in both loops. encoder[i] keeps its input (that buffer) for dL/dv; decoder's iteration i
    //    overwrites it before the backward: dL/d(encoder.i.v) is wrong. Compiles; silent wrong gradient.
    const string TwoResidualStacks = """
        var h = x;
        foreach (var blk in encoder) { var c = h - h.mean(1, true); h = h + blk.Model(c); }
        foreach (var blk in decoder) { var c = h - h.mean(1, true); h = h + blk.Model(c); }
        return h;
        """;

    [Fact]
    public void Two_loops_that_each_feed_a_local_c_to_their_blocks_match_the_tape() => CheckAll(TwoResidualStacks);

    // 5. The same at the top level: two optional projections each declare 'z' (buffer "z" of _ws), inProj keeps it,
    //    the second branch overwrites it: dL/d(inProj.v) is wrong when both branches run.
    const string TwoOptionalProjections = """
        var h = x;
        if (useIn) { var z = h.matmul(w); h = inProj.Model(z); }
        if (useOut) { var z = h.matmul(w); h = outProj.Model(z); }
        return h;
        """;

    [Fact]
    public void Two_ifs_that_each_feed_a_local_z_to_a_sub_layer_match_the_tape() => CheckAll(TwoOptionalProjections);

    // 6. A local the student names h_2 after an if that reassigns h: the value after the if is also named h_2.
    //    Generated: CS0128 local 'h_2' defined twice, CS0102 field '_h_2' twice.
    const string StudentH2 = """
        var h = x.matmul(w);
        if (useNorm) h = tanh(h);
        var h_2 = h * h;
        return h_2.matmul(w);
        """;

    [Fact]
    public void A_local_named_h_2_after_an_if_on_h_compiles_and_matches_the_tape() => CheckAll(StudentH2);

    // 7. A tensor named ws ("weighted sum") carried by a loop: the loop's workspace local is made unique as ws_2,
    //    which is also the name of the loop's value. Generated: CS0136 'ws_2', CS1503/CS0029.
    const string CarriedWs = """
        var ws = x.matmul(w);
        foreach (var blk in encoder) ws = relu(blk.Model(ws));
        return ws;
        """;

    [Fact]
    public void A_tensor_named_ws_carried_by_a_loop_compiles_and_matches_the_tape() => CheckAll(CarriedWs);
}

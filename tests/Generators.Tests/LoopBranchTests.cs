using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// <c>if</c> on a non-tensor value inside a loop over sub-layers: on a field (<c>if (useRelu)</c>) and on the loop
/// index (<c>if (i &lt; hidden.Length - 1)</c>, with an <c>else</c>). The backward replays, per iteration, the branch
/// the forward took; compared with the tape and GradCheck in float64 for several depths and both flag values.
/// </summary>
public class LoopBranchTests
{
    public const string Source = """
        using System;
        using System.Collections.Generic;
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Branchy;

        [Layer]
        public partial class Affine
        {
            Parameter w, b;
            public Affine(int n) { w = nn.Parameter(randn(n, n, float64) * Math.Sqrt(1.0 / n)); b = nn.Parameter(randn(n, float64) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }

        /// <summary>foreach over the blocks, the activation switched by a field.</summary>
        [Layer]
        public partial class Switchable
        {
            Parameter scale;
            Affine first;
            Affine[] hidden;
            public bool useRelu = true;
            public Switchable(int depth)
            {
                scale = nn.Parameter(randn(4, float64));
                first = new Affine(4);
                hidden = new Affine[depth];
                for (int i = 0; i < depth; i++) hidden[i] = new Affine(4);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 4, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = first.Model(x);
                foreach (var d in hidden)
                {
                    h = d.Model(h);
                    if (useRelu) h = relu(h) * scale;
                }
                return h;
            }
        }

        /// <summary>An indexed for over a list: tanh between the blocks, a scaling after the last one.</summary>
        [Layer]
        public partial class LastDifferent
        {
            Affine first;
            List<Affine> blocks = new();
            public LastDifferent(int depth)
            {
                first = new Affine(3);
                for (int i = 0; i < depth; i++) blocks.Add(new Affine(3));
            }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = first.Model(x);
                for (int i = 0; i < blocks.Count; i++)
                {
                    h = blocks[i].Model(h);
                    if (i < blocks.Count - 1) h = tanh(h);
                    else h = h * 2.0;
                }
                return h;
            }
        }

        /// <summary>A branch on every other iteration that keeps two values (tanh(h) and h): each list gets one entry per iteration.</summary>
        [Layer]
        public partial class TwoKept
        {
            Affine[] blocks;
            public TwoKept(int depth)
            {
                blocks = new Affine[depth];
                for (int i = 0; i < depth; i++) blocks[i] = new Affine(3);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = x;
                for (int i = 0; i < blocks.Length; i++)
                {
                    h = blocks[i].Model(h);
                    if (i % 2 == 0) h = tanh(h) * h;
                }
                return h;
            }
        }
        """;

    static readonly Lazy<Assembly> s_assembly = new(() => Harness.Load(Source));

    static IGeneratedLayer New(string name, params object[] args) =>
        (IGeneratedLayer)Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == name), args)!;

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(3, false)]
    [InlineData(0, true)]
    public void A_branch_on_a_field_inside_a_foreach_matches_the_tape_and_GradCheck(int depth, bool useRelu)
    {
        manual_seed(depth);
        var layer = New("Switchable", depth);
        layer.GetType().GetField("useRelu")!.SetValue(layer, useRelu);
        LayerRunner.Check(layer, n: 3, seed: depth);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void A_branch_on_the_loop_index_with_an_else_matches_the_tape_and_GradCheck(int depth)
    {
        manual_seed(20 + depth);
        LayerRunner.Check(New("LastDifferent", depth), n: 4, seed: depth);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    public void A_branch_keeping_several_values_skipped_by_some_iterations_matches_the_tape_and_GradCheck(int depth)
    {
        manual_seed(30 + depth);
        LayerRunner.Check(New("TwoKept", depth), n: 3, seed: depth);
    }

    [Fact]
    public void The_backward_replays_each_iterations_branch_even_if_the_flag_changed_since()
    {
        manual_seed(7);
        var layer = New("Switchable", 3);
        var x = LayerRunner.Inputs(layer.GetType(), 4);
        var y = layer.Forward(x);
        var r = randn(y.shape, float64);
        layer.Backward(r, inputGradients: true);
        var expected = layer.parameters().Select(p => p.grad!.clone()).ToList();

        layer.zero_grad();
        layer.Forward(x);
        layer.GetType().GetField("useRelu")!.SetValue(layer, false);   // changed between forward and backward
        layer.Backward(r, inputGradients: true);
        for (int i = 0; i < expected.Count; i++)
            LayerRunner.AssertClose(expected[i], layer.parameters()[i].grad!, "dL/dp" + i);
    }

    [Fact]
    public void The_generated_loop_records_one_branch_per_iteration()
    {
        var generated = Harness.Run(Source).Generated;
        Assert.Contains("readonly List<bool> _if_h_3_at = new();", generated);
        Assert.Contains("_if_h_3_at.Add(useRelu);", generated);
        Assert.Contains("if (_if_h_3_at[i])", generated);
    }
}

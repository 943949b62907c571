using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// <c>cross_entropy(z, t)</c> and the fused <c>−(t ⊙ log_softmax(z, 1)).sum(1).mean()</c> inside the body of a loop
/// over sub-layers (and inside a branch of that body): each iteration keeps its own probabilities, which its backward
/// reads. Compared with the tape and GradCheck in float64 for several depths, the loop's value also going into a
/// cross-entropy after the loop (whose probabilities must stay apart from the iterations').
/// </summary>
public class LoopCrossEntropyTests
{
    public const string Source = """
        using System;
        using System.Collections.Generic;
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace LoopLosses;

        [Layer]
        public partial class Affine
        {
            Parameter w, b;
            public Affine(int n) { w = nn.Parameter(randn(n, n, float64) * Math.Sqrt(1.0 / n)); b = nn.Parameter(randn(n, float64) * 0.1); }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }

        /// <summary>foreach: each block's output scaled by its cross-entropy against fixed labels; the loss after the loop.</summary>
        [Layer]
        public partial class LabelsPerBlock
        {
            Affine[] blocks;
            Tensor labels;
            public LabelsPerBlock(int depth, int n)
            {
                blocks = new Affine[depth];
                for (int k = 0; k < depth; k++) blocks[k] = new Affine(3);
                labels = randint(0, 3, [n]);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64), randint(0, 3, [n])];
            [Differentiable]
            public Tensor Loss(Tensor x, [NonDifferentiable] Tensor t)
            {
                var h = x;
                foreach (var d in blocks)
                {
                    h = d.Model(h);
                    h = h * nn.functional.cross_entropy(h, labels);
                }
                return nn.functional.cross_entropy(h, t);
            }
        }

        /// <summary>An indexed for over a list: the fused softmax cross-entropy against fixed probabilities, every other block in a branch.</summary>
        [Layer]
        public partial class ProbabilitiesPerBlock
        {
            List<Affine> blocks = new();
            Tensor soft;
            public ProbabilitiesPerBlock(int depth, int n)
            {
                for (int k = 0; k < depth; k++) blocks.Add(new Affine(3));
                soft = softmax(randn(n, 3, float64), 1);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = x;
                for (int i = 0; i < blocks.Count; i++)
                {
                    h = blocks[i].Model(h);
                    h = h * -(soft * log_softmax(h, 1)).sum(1).mean();
                    if (i % 2 == 0) h = h + nn.functional.cross_entropy(h, soft);
                }
                return h;
            }
        }

        /// <summary>A cross-entropy in an if outside any loop: its probabilities kept in a field when the branch runs.</summary>
        [Layer]
        public partial class SwitchedLoss
        {
            Affine first;
            Tensor labels;
            public bool withLoss = true;
            public SwitchedLoss(int n) { first = new Affine(3); labels = randint(0, 3, [n]); }
            public static Tensor[] Inputs(int n) => [randn(n, 3, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = first.Model(x);
                if (withLoss) h = h * nn.functional.cross_entropy(h, labels);
                return h;
            }
        }
        """;

    static readonly Lazy<Assembly> s_assembly = new(() => Harness.Load(Source));

    static IGeneratedLayer New(string name, params object[] args) =>
        (IGeneratedLayer)Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == name), args)!;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Cross_entropy_with_labels_in_a_foreach_body_matches_the_tape_and_GradCheck(int depth)
    {
        manual_seed(60 + depth);
        LayerRunner.Check(New("LabelsPerBlock", depth, 4), n: 4, seed: depth);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Fused_softmax_cross_entropy_in_a_for_body_and_its_branch_matches_the_tape_and_GradCheck(int depth)
    {
        manual_seed(70 + depth);
        LayerRunner.Check(New("ProbabilitiesPerBlock", depth, 5), n: 5, seed: depth);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Cross_entropy_in_a_branch_outside_loops_matches_the_tape_and_GradCheck(bool withLoss)
    {
        manual_seed(80);
        var layer = New("SwitchedLoss", 4);
        layer.GetType().GetField("withLoss")!.SetValue(layer, withLoss);
        LayerRunner.Check(layer, n: 4, seed: 8);
    }

    [Fact]
    public void Each_iteration_reads_its_own_probabilities_and_the_loss_after_the_loop_its_own()
    {
        var generated = Harness.Run(Source).Generated;
        Assert.Contains("out var p_2);", generated);
        Assert.Contains("_p_2_at.Add(p_2);", generated);
        Assert.Contains(", _p_2_at[i], labels);", generated);
        Assert.Contains("(\"dL_dh_2\", dL_dy, _p, _t);", generated);
    }
}

using System.Reflection;
using Edu.Sdk.Layers;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Generators.Tests;

/// <summary>
/// Sub-layer calls and loops over arrays or lists of sub-layers: A3's MLP with its depth as a constructor argument
/// (1, 3 and 5 hidden layers, written with foreach and with an indexed for), against the tape and GradCheck in float64.
/// </summary>
public class SubLayerTests
{
    public const string Source = """
        using System;
        using System.Collections.Generic;
        using Edu.Sdk;
        using Edu.Sdk.Nn;
        using static Edu.Sdk.torch;

        namespace Deep;

        [Layer]
        public partial class Dense
        {
            Parameter w, b;
            public Dense(int inputs, int outputs)
            {
                w = nn.Parameter(randn(inputs, outputs, float64) * Math.Sqrt(2.0 / inputs));
                b = nn.Parameter(randn(outputs, float64) * 0.1);
            }
            [Differentiable]
            public Tensor Model(Tensor x) => relu(x.matmul(w) + b);
        }

        [Layer]
        public partial class Linear
        {
            Parameter w, b;
            public Linear(int inputs, int outputs)
            {
                w = nn.Parameter(randn(inputs, outputs, float64) * Math.Sqrt(1.0 / inputs));
                b = nn.Parameter(randn(outputs, float64) * 0.1);
            }
            [Differentiable]
            public Tensor Model(Tensor x) => x.matmul(w) + b;
        }

        /// <summary>A3's MLP, its depth a parameter: first layer, depth − 1 hidden layers in a loop, output layer.</summary>
        [Layer]
        public partial class DeepMlp
        {
            Dense first;
            Dense[] hidden;
            Linear output;
            public DeepMlp(int inputs, int width, int depth, int classes)
            {
                first = new Dense(inputs, width);
                hidden = new Dense[depth - 1];
                for (int i = 0; i < hidden.Length; i++) hidden[i] = new Dense(width, width);
                output = new Linear(width, classes);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 12, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = first.Model(x);
                foreach (var d in hidden) h = d.Model(h);
                return output.Model(h);
            }
        }

        /// <summary>The same with a list, an indexed for, and parameters of its own used in the loop body.</summary>
        [Layer]
        public partial class ResidualMlp
        {
            Parameter scale;
            Linear first;
            List<Dense> blocks = new();
            Linear output;
            public ResidualMlp(int depth)
            {
                scale = nn.Parameter(randn(8, float64));
                first = new Linear(12, 8);
                for (int i = 0; i < depth; i++) blocks.Add(new Dense(8, 8));
                output = new Linear(8, 3);
            }
            public static Tensor[] Inputs(int n) => [randn(n, 12, float64)];
            [Differentiable]
            public Tensor Model(Tensor x)
            {
                var h = first.Model(x);
                for (int i = 0; i < blocks.Count; i++)
                {
                    var r = blocks[i].Model(h);
                    h = h + r * scale;
                }
                return output.Model(tanh(h));
            }
        }
        """;

    static readonly Lazy<Assembly> s_assembly = new(() => Harness.Load(Source));

    static IGeneratedLayer New(string name, params object[] args) =>
        (IGeneratedLayer)Activator.CreateInstance(s_assembly.Value.GetTypes().Single(t => t.Name == name), args)!;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void A3_mlp_with_a_loop_matches_the_tape_and_GradCheck(int depth)
    {
        manual_seed(depth);
        LayerRunner.Check(New("DeepMlp", 12, 6, depth, 4), n: 5, seed: depth);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Residual_loop_with_a_list_and_shared_parameters_matches_the_tape_and_GradCheck(int depth)
    {
        manual_seed(10 + depth);
        LayerRunner.Check(New("ResidualMlp", depth), n: 4, seed: depth);
    }

    [Fact]
    public void Parameters_of_sub_layers_are_the_layers_parameters_with_prefixed_names()
    {
        var model = New("DeepMlp", 12, 6, 3, 4);
        var names = model.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(["first.w", "first.b", "hidden.0.w", "hidden.0.b", "hidden.1.w", "hidden.1.b", "output.w", "output.b"], names);
        Assert.Equal(8, model.parameters().Count);
    }
}

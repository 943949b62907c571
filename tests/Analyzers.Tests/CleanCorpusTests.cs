using static Edu.Sdk.Analyzers.Tests.Harness;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>Allowed code produces no diagnostic: the A2 and A3 solutions written the manual way, own members named backward and grad, test code.</summary>
public class CleanCorpusTests
{
    const string A2Rules = """
        # A2: no model-building library, no autograd, no .backward(); write SGD and Adam yourself.
        preset manual
        ban N:Edu.Sdk.Optim.* ; write SGD and Adam yourself, over Parameter.grad
        ban N:Edu.Sdk.torch.optim.* ; write SGD and Adam yourself, over Parameter.grad
        """;

    /// <summary>A2: softmax regression with the bias trick, gradient X~ᵀ(P − Y)/n, hand-written SGD and Adam.</summary>
    const string A2 = Usings + """
        using System.Collections.Generic;
        namespace A2;

        public sealed class SoftmaxRegression
        {
            public Tensor Theta { get; } = zeros(785, 10);
            public Tensor Probabilities(Tensor x) => softmax(cat([x, ones(x.shape[0], 1)], 1).matmul(Theta), 1);
            public Tensor Loss(Tensor x, Tensor y) => -(y * Probabilities(x).log()).sum(1).mean();
            public Tensor Gradient(Tensor x, Tensor y)
            {
                var xt = cat([x, ones(x.shape[0], 1)], 1);
                return xt.T.matmul(Probabilities(x) - y) / x.shape[0];
            }
        }

        public sealed class Sgd(double lr)
        {
            public void Step(Tensor theta, Tensor grad)
            {
                using (no_grad()) theta.sub_(grad * lr);
            }
        }

        public sealed class Adam(double lr, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
        {
            Tensor? _m, _v;
            int _t;
            public void Step(Tensor theta, Tensor grad)
            {
                _t++;
                _m = _m is null ? grad * (1 - beta1) : _m * beta1 + grad * (1 - beta1);
                _v = _v is null ? grad * grad * (1 - beta2) : _v * beta2 + grad * grad * (1 - beta2);
                var mHat = _m / (1 - Math.Pow(beta1, _t));
                var vHat = _v / (1 - Math.Pow(beta2, _t));
                using (no_grad()) theta.sub_(mHat / (vHat.sqrt() + eps) * lr);
            }
        }
        """;

    [Fact]
    public void The_A2_solution_is_clean_under_the_A2_rules()
    {
        Clean(A2, new Project("manual", Rules: A2Rules));
    }

    /// <summary>A3: an MLP with backpropagation by hand (a [Layer] with its own backward), and the autograd comparison model.</summary>
    const string A3 = Usings + """
        using Edu.Sdk.Optim;
        namespace A3;

        [Layer]
        public partial class Mlp
        {
            readonly Parameter w1, b1, w2, b2;
            public Mlp(int inputs, int hidden, int classes)
            {
                w1 = nn.Parameter(randn(inputs, hidden) * Math.Sqrt(2.0 / inputs));
                b1 = nn.Parameter(zeros(hidden));
                w2 = nn.Parameter(randn(hidden, classes) * Math.Sqrt(1.0 / hidden));
                b2 = nn.Parameter(zeros(classes));
            }

            [Differentiable]
            Tensor Model(Tensor x)
            {
                var h1 = relu(x.matmul(w1) + b1);
                return h1.matmul(w2) + b2;
            }

            /// <summary>dL/dy → parameters' grad, returns dL/dx.</summary>
            public Tensor backward(Tensor dL_dy)
            {
                w2.grad = saved.h1.T.matmul(dL_dy);
                b2.grad = dL_dy.sum(0);
                var dL_dh1 = dL_dy.matmul(w2.T);
                var dL_da1 = dL_dh1 * saved.h1.gt(0).to(dL_dh1.dtype);
                w1.grad = saved.x.T.matmul(dL_da1);
                b1.grad = dL_da1.sum(0);
                return dL_da1.matmul(w1.T);
            }
        }

        /// <summary>The same model built with autograd, for the comparison A3 asks for.</summary>
        [Layer, AutogradReference]
        public partial class ReferenceMlp
        {
            readonly Parameter w1 = nn.Parameter(randn(4, 8)), b1 = nn.Parameter(zeros(8)), w2 = nn.Parameter(randn(8, 3)), b2 = nn.Parameter(zeros(3));

            [Differentiable]
            Tensor Model(Tensor x) => relu(x.matmul(w1) + b1).matmul(w2) + b2;

            public Tensor[] TapeGradients(Tensor x, Tensor t)
            {
                zero_grad();
                var loss = nn.functional.cross_entropy(Model(x), t);
                loss.backward();
                return [w1.grad!, b1.grad!, w2.grad!, b2.grad!];
            }
        }

        public static class Training
        {
            public static void Epoch(Mlp model, Tensor x, Tensor y, double lr)
            {
                model.zero_grad();
                var logits = model.forward(x);
                var p = softmax(logits, 1);
                model.backward((p - y) / x.shape[0]);
                var sgd = torch.optim.SGD(model.parameters(), lr);
                sgd.step();
            }
        }
        """;

    [Fact]
    public void The_A3_solution_with_its_reference_model_is_clean_in_manual_mode()
    {
        Clean(A3, new Project("manual", Generator: true));
    }

    [Fact]
    public void A_students_own_members_named_backward_and_grad_are_clean()
    {
        Clean(Usings + """
            public sealed class Node
            {
                public double value, grad;
                public bool requires_grad = true;
                public Action backward = () => { };
                public Node? grad_fn;
            }
            public sealed class MyTensor
            {
                public Tensor Data { get; } = zeros(2);
                public Tensor? grad { get; set; }
                public void backward() => grad = ones_like(Data);
                public MyTensor requires_grad_() => this;
                public static MyTensor apply(MyTensor t) => t;
            }
            public static class Autograd
            {
                public static Tensor grad(Tensor output, Tensor input) => zeros_like(input);
            }
            class Student
            {
                void Run(MyTensor t, Node n, Tensor x)
                {
                    t.backward();
                    t.requires_grad_().backward();
                    n.backward();
                    n.grad += n.requires_grad ? 1 : 0;
                    var g = Autograd.grad(x, x);
                    var d = MyTensor.apply(t).grad;
                }
            }
            """, new Project("manual", Rules: "ban N:Edu.Sdk.Optim.*\n"));
    }

    const string TestCode = Usings + """
        public class GradientTests
        {
            [Xunit.Fact]
            public void Hand_written_gradient_matches_the_tape()
            {
                var w = randn(3, 2, dtype: ScalarType.Float64).requires_grad_();
                var x = randn(4, 3, dtype: ScalarType.Float64);
                var loss = x.matmul(w).sum();
                loss.backward();
                var net = nn.Linear(3, 2);
                Xunit.Assert.True(w.grad!.allclose(x.T.matmul(ones(4, 2, dtype: ScalarType.Float64))));
            }
        }
        """;

    static readonly Microsoft.CodeAnalysis.MetadataReference[] Xunit =
        [Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location),
         Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location)];

    [Fact]
    public void Test_projects_are_skipped_by_default()
    {
        Clean(TestCode, new Project("manual", Extra: Xunit));
        Clean(TestCode.Replace("[Xunit.Fact]", "").Replace("Xunit.Assert.True", "_ = "),
            new Project("manual", Properties: new Dictionary<string, string> { ["build_property.IsTestProject"] = "true" }));
    }

    [Fact]
    public void Test_projects_are_checked_when_the_rules_or_the_build_ask()
    {
        Assert.Equal(["EDU0001", "EDU0001", "EDU0002"], Analyze(TestCode, new Project("manual", Rules: "test-projects check\n", Extra: Xunit)).Diagnostics.Select(d => d.Id));
        Assert.Equal(3, Analyze(TestCode, new Project("manual", Extra: Xunit,
            Properties: new Dictionary<string, string> { ["build_property.EduAssignmentCheckTests"] = "true" })).Diagnostics.Length);
    }
}

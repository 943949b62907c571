using static Edu.Sdk.Analyzers.Tests.Harness;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>EDU0002: in manual mode model-building modules (the nn module base and everything deriving from it) are banned.</summary>
public class ModuleRuleTests
{
    static readonly Project Manual = new("manual");

    [Fact]
    public void Object_creation_factories_and_module_members_are_reported()
    {
        Expect(Usings + """
            using L = Edu.Sdk.Nn.Linear;
            class Student
            {
                Tensor Run(Tensor x)
                {
                    var a = new [|Linear|](3, 2);
                    var b = new Edu.Sdk.Nn.[|Linear|](3, 2);
                    var c = new [|L|](3, 2);
                    var d = nn.[|Linear|](3, 2);
                    Linear e = [|new|](3, 2);
                    var net = nn.[|Sequential|](a, nn.[|ReLU|]());
                    var loss = nn.[|CrossEntropyLoss|]();
                    return net.[|forward|](x);
                }
            }
            """, Manual, "EDU0002");
    }

    [Fact]
    public void Inheritance_from_the_module_base_is_reported_at_the_base_type()
    {
        Expect(Usings + """
            class MyNet : [|Module|]<Tensor, Tensor>
            {
                public override Tensor forward(Tensor x) => x;
            }
            class MyLoss : Edu.Sdk.Nn.[|Module|]<Tensor, Tensor, Tensor>
            {
                public override Tensor forward(Tensor x, Tensor t) => (x - t).pow(2).mean();
            }
            """, Manual, "EDU0002");
    }

    [Fact]
    public void Generic_instantiation_and_typeof_are_reported_at_the_type_argument()
    {
        Expect(Usings + """
            using System.Collections.Generic;
            class Student
            {
                static void Use<T>() { }
                void Run()
                {
                    Use<[|Linear|]>();
                    var layers = new List<[|Linear|]>();
                    var t = typeof([|Sequential|]);
                    var ml = nn.[|ModuleList|]<Linear>();
                }
            }
            """, Manual, "EDU0002");
    }

    [Fact]
    public void The_extension_method_to_is_reported_in_both_spellings()
    {
        Expect(Usings + """
            class Student
            {
                void Run(Linear model)
                {
                    model.[|to|](ScalarType.Float64);
                    ModuleExtensions.[|to|](model, ScalarType.Float64);
                }
            }
            """, Manual, "EDU0002");
    }

    [Fact]
    public void Parameter_its_grad_functional_init_and_optimizers_stay_allowed()
    {
        Clean(Usings + """
            using Edu.Sdk.Layers;
            using Edu.Sdk.Optim;
            class Student
            {
                readonly Parameter w = nn.Parameter(randn(3, 2));
                readonly Parameter b = new Parameter(zeros(2), requires_grad: false);
                Tensor Step(Tensor x, Tensor t)
                {
                    var p = nn.functional.softmax(x.matmul(w) + b, 1);
                    w.grad = x.T.matmul(p - t);
                    b.grad ??= zeros_like(b);
                    nn.init.zeros_(b);
                    var opt = torch.optim.SGD([w, b], 0.1);
                    opt.step();
                    using (no_grad()) w.sub_(w.grad * 0.1);
                    ILayer? layer = null;
                    return nn.functional.cross_entropy(p, t);
                }
            }
            """, Manual);
    }

    [Fact]
    public void A_module_as_the_type_argument_of_a_static_member_is_reported()
    {
        // Type arguments of an invoked method's containing type were checked, not those of a property's (a review).
        Expect(Usings + """
            using System.Collections.Generic;
            class Student
            {
                object Run() => EqualityComparer<[|Linear|]>.Default;
            }
            """, new Project("manual"), "EDU0002");
    }
}

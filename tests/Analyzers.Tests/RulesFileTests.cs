using System.Globalization;
using DiagnosticSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;
using static Edu.Sdk.Analyzers.Tests.Harness;

namespace Edu.Sdk.Analyzers.Tests;

/// <summary>assignment.rules: presets, ban/allow by ID, wildcards, messages, language, and diagnostics on the file itself.</summary>
public class RulesFileTests
{
    const string Optimizers = Usings + """
        using Edu.Sdk.Optim;
        class Student
        {
            void Train(Parameter w)
            {
                var a = torch.optim.[|SGD|]([w], 0.1);
                Optimizer b = torch.optim.[|Adam|]([w], 0.01);
                a.[|step|]();
            }
        }
        """;

    [Fact]
    public void A2_bans_optimizers_through_namespace_and_nested_type_wildcards()
    {
        var diagnostics = Expect(Optimizers, new Project("manual", Rules: """
            # A2: write SGD and Adam yourself.
            preset manual
            ban N:Edu.Sdk.Optim.* ; write SGD and Adam yourself, over Parameter.grad
            ban N:Edu.Sdk.torch.optim.* ; write SGD and Adam yourself, over Parameter.grad
            """), "EDU0004");
        var message = diagnostics[0].GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("assignment.rules (line 4)", message);
        Assert.Contains("write SGD and Adam yourself, over Parameter.grad", message);
        Assert.Contains("assignment.rules (line 3)", diagnostics[2].GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Optimizers_are_allowed_in_manual_mode_without_a_rules_file()
    {
        Clean(Markup(Optimizers).Source, new Project("manual"));
    }

    [Fact]
    public void A_rules_file_applies_in_free_mode_and_an_exact_ID_picks_one_overload()
    {
        Expect(Usings + """
            class Student
            {
                Tensor Run(Tensor x) => x.[|sum|]() + x.sum(0) + x.exp();
            }
            """, new Project(Rules: "ban M:Edu.Sdk.torch.Tensor.sum ; nope\nallow M:Edu.Sdk.torch.Tensor.sum(System.Int64,System.Boolean)\n"), "EDU0004");
    }

    [Fact]
    public void Allow_lifts_a_preset_ban_and_the_later_line_wins()
    {
        const string source = Usings + """
            class Student
            {
                void Train(Tensor w, Tensor loss) { w.requires_grad = true; loss.backward(); }
            }
            """;
        Clean(source, new Project("manual", Rules: "allow M:Edu.Sdk.torch.Tensor.backward\nallow P:Edu.Sdk.torch.Tensor.requires_grad\n"));
        var r = Analyze(source, new Project("manual", Rules: "allow M:Edu.Sdk.torch.Tensor.backward\nban M:Edu.Sdk.torch.Tensor.backward\nallow P:Edu.Sdk.torch.Tensor.requires_grad\n"));
        Assert.Equal(["EDU0004"], r.Diagnostics.Select(d => d.Id));
    }

    [Fact]
    public void A_type_ban_covers_members_and_derived_covers_subclasses()
    {
        Expect(Usings + """
            using Edu.Sdk.Checking;
            class Student
            {
                void Check(Tensor x) => GradCheck.[|Function|](t => t[0], [x]);
                Tensor Run(Tensor x, Linear l) => l.[|forward|](x);
            }
            """, new Project(Rules: "ban T:Edu.Sdk.Checking.GradCheck\nban derived T:Edu.Sdk.Nn.Module\n"), "EDU0004");
    }

    [Fact]
    public void A_preset_line_in_the_file_reports_its_categories_and_its_line()
    {
        var d = Assert.Single(Expect(Usings + """
            class Student { void Train(Tensor loss) => loss.[|backward|](); }
            """, new Project(Rules: "lang en\npreset manual\n"), "EDU0001"));
        Assert.Contains("the manual preset (assignment.rules, line 2)", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Lang_fr_gives_french_messages_whatever_the_culture()
    {
        var d = Assert.Single(Expect(Usings + """
            class Student { void Train(Tensor loss) => loss.[|backward|](); }
            """, new Project("manual", Rules: "lang fr\n"), "EDU0001"));
        var message = d.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("calcule les gradients à votre place", message);
        Assert.Contains("le mode de devoir manual", message);
        Assert.Contains("écrivez le gradient avec des opérations sur les tenseurs", message);
        Assert.Equal("La bande d'autograd est interdite dans ce devoir", d.Descriptor.Title.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Without_lang_messages_follow_the_compilers_culture()
    {
        var d = Assert.Single(Expect(Usings + """
            class Student { void Train(Tensor loss) => loss.[|backward|](); }
            """, new Project("manual"), "EDU0001"));
        Assert.StartsWith("« {0} » calcule les gradients", d.Descriptor.MessageFormat.ToString(CultureInfo.GetCultureInfo("fr")));
        Assert.Contains("computes gradients for you", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Malformed_lines_are_reported_at_the_line_with_what_is_wrong()
    {
        const string rules = "preset manul\nban\nban Edu.Sdk.torch\nban M:Edu.Sdk.torch.*\nlang de\nforbid T:X\nban T:Edu.Sdk.Nn.Linear extra ; msg\n# comment\n\nban N:Edu.Sdk.Optim.*\n";
        var r = Analyze("class S {}", new Project("manual", Rules: rules));
        var onFile = r.Diagnostics.Where(d => d.Location.GetLineSpan().Path == RulesPath).ToList();
        Assert.All(onFile, d => Assert.Equal("EDU0009", d.Id));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], onFile.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1));
        var messages = onFile.Select(d => d.GetMessage(CultureInfo.InvariantCulture)).ToList();
        Assert.Contains("'manul' is not a value of 'preset'; expected manual, autograd, free", messages[0]);
        Assert.Contains("'ban' needs a symbol", messages[1]);
        Assert.Contains("'Edu.Sdk.torch' is not a documentation-comment ID", messages[2]);
        Assert.Contains("a wildcard may only be '.*' at the end of a namespace or type", messages[3]);
        Assert.Contains("'de' is not a value of 'lang'", messages[4]);
        Assert.Contains("unknown directive 'forbid'", messages[5]);
        Assert.Contains("unexpected text 'extra'", messages[6]);
        Assert.StartsWith("assignment.rules, line 1:", messages[0]);
        Assert.Equal("preset manul", rules.Substring(onFile[0].Location.SourceSpan.Start, onFile[0].Location.SourceSpan.Length));
    }

    [Fact]
    public void A_target_that_matches_no_symbol_is_a_warning_at_the_target()
    {
        const string rules = "ban M:Edu.Sdk.torch.Tensor.backwrd\nban T:Edu.Sdk.Nn.Linear\nban N:Edu.Sdk.Optimizers.*\nban M:Edu.Sdk.torch.Tensor.backward(Edu.Sdk.torch.Tensor,System.Boolean)\n";
        var r = Analyze("class S {}", new Project(Rules: rules));
        Assert.Equal([(1, "M:Edu.Sdk.torch.Tensor.backwrd"), (3, "N:Edu.Sdk.Optimizers.*")],
            r.Diagnostics.Select(d => (d.Location.GetLineSpan().StartLinePosition.Line + 1, rules.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length))));
        Assert.All(r.Diagnostics, d => Assert.Equal(("EDU0010", DiagnosticSeverity.Warning), (d.Id, d.Severity)));
    }

    [Fact]
    public void An_unknown_mode_is_an_error()
    {
        var r = Analyze(Usings + "class S { void T(Tensor l) => l.backward(); }", new Project("manuel"));
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal("EDU0011", d.Id);
        Assert.Contains("'manuel'", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Every_preset_line_names_a_symbol_of_Edu_Sdk()
    {
        foreach (var mode in new[] { "manual", "autograd" })
        {
            var r = Analyze("class S {}", new Project(Rules: Rules.Presets.For(mode).Replace("category tape", "").Replace("category modules", "").Replace("category generatedbackward", "")));
            Assert.Empty(r.Diagnostics);
        }
    }

    [Fact]
    public void The_documented_example_with_comments_after_directives_is_read_without_errors()
    {
        // docs/assignment-rules.md's example: a # after a directive started no comment, so each such line was
        // rejected as unexpected text (found by a review). A message after ; keeps its #.
        const string rules = "# A2: softmax regression, gradients by hand, SGD and Adam written by the student.\n" +
            "lang fr                                          # messages in French (or en); default: the compiler's culture\n" +
            "preset manual                                    # the bans of a mode (manual, autograd, free)\n" +
            "allow M:Edu.Sdk.torch.Tensor.requires_grad_      # lift one ban of the preset\n" +
            "ban derived T:Edu.Sdk.Nn.Module                  # a type and every type deriving from it\n" +
            "ban M:Edu.Sdk.torch.Tensor.sum ; use C# loops, #2 in the notes\n";
        var d = Assert.Single(Expect(Usings + """
            class Student { Tensor Run(Tensor x) => x.[|sum|](); }
            """, new Project("manual", Rules: rules), "EDU0004"));
        Assert.Contains("use C# loops, #2 in the notes", d.GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_ban_on_the_tensor_indexer_matches_a_symbol()
    {
        // Indexers are P:…Item in documentation IDs but this[] among a type's members: the ban worked, yet the file
        // was warned about as matching nothing (EDU0010).
        const string rules = "ban P:Edu.Sdk.torch.Tensor.Item ; use index_select\n";
        Expect(Usings + """
            class Student
            {
                Tensor Run(Tensor x) => [|x[0]|];
            }
            """, new Project(Rules: rules), "EDU0004");
    }

    [Fact]
    public void Without_lang_the_whole_message_follows_the_culture_it_is_shown_in()
    {
        // The rule's name and the advice were made into strings during analysis, in the analyzer's culture, so a
        // message shown in French ended in English (found by a review).
        var d = Assert.Single(Expect(Usings + """
            class Student { void Train(Tensor loss) => loss.[|backward|](); }
            """, new Project("manual"), "EDU0001"));
        string french = d.GetMessage(CultureInfo.GetCultureInfo("fr")), english = d.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("le mode de devoir manual", french);
        Assert.DoesNotContain("assignment mode", french);
        Assert.Contains("the manual assignment mode", english);
        Assert.Contains("check it with GradCheck", english);
    }
}

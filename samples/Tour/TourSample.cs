using Edu.Sdk;
using Edu.Sdk.Checking;
using Edu.Sdk.Data;
using Edu.Sdk.Probability;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace Tour;

/// <summary>
/// The tour of Edu.Sdk (the README's first command), on data shipped inside the SDK: nothing to download.
/// <c>--quick</c> trains for fewer epochs (the test suite runs it so); <c>--out DIR</c> says where the curves go.
/// </summary>
public static class TourSample
{
    public static int Run(string[] args, TextWriter output)
    {
        bool quick = args.Contains("--quick");
        string outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("out", "tour");
        Directory.CreateDirectory(outDir);
        void Section(string title) => output.WriteLine($"\n== {title} ==");

        Section("1. Tensors, spelled as in PyTorch");
        manual_seed(42);
        var x = randn(2, 3);
        output.WriteLine($"x = {x}");
        output.WriteLine($"x + [10, 20, 30] (broadcast) = {x + tensor(new float[] { 10, 20, 30 })}");
        output.WriteLine($"softmax([1000, 10000, 100000]) = {tensor(new float[] { 1000, 10000, 100000 }).softmax(0)}   (stable: no overflow)");
        try { zeros(64, 784).matmul(zeros(300, 784)); }
        catch (ArgumentException e) { output.WriteLine($"A shape error says what is wrong: {e.Message}"); }

        Section("2. A generated layer trained on the embedded digits");
        var digits = Digits.Load().ToDataset();
        var (trainAndValidation, test) = digits.Split(0.8, seed: 1);
        var (train, validation) = trainAndValidation.Split(0.875, seed: 2);
        output.WriteLine($"Digits: {train.Count} train, {validation.Count} validation, {test.Count} test images of 8x8 pixels.");
        manual_seed(1);
        var mlp = new Mlp(64, 100, 10);
        var history = Trainer.Fit(mlp, new CrossEntropy(), optim.Adam(mlp.parameters(), lr: 3e-3), train, validation,
            new FitOptions { Epochs = quick ? 5 : 15, BatchSize = 32, Seed = 1 });
        var best = history.Best!;
        output.WriteLine($"Best validation accuracy {best.Score:P1} at epoch {best.Epoch}; test accuracy {history.Test(test).Accuracy:P1}.");
        var curves = Path.Combine(outDir, "digits-mlp.svg");
        history.SavePlot(curves, "Generated MLP on the digits");
        output.WriteLine($"Curves: {curves}");

        Section("3. The same gradient three ways: generated, tape, by hand");
        set_default_dtype(float64);
        manual_seed(3);
        var small = new Mlp(64, 16, 10);
        var loss = new CrossEntropy();
        set_default_dtype(float32);
        var xb = digits.Features.narrow(0, 0, 32).to(float64);
        var yb = nn.functional.one_hot(digits.Targets.narrow(0, 0, 32), 10).to(float64);
        var p = small.parameters();
        small.zero_grad();
        loss.forward(small.forward(xb), yb);
        small.backward_parameters(loss.backward());
        var generated = p.Select(t => t.grad!.clone()).ToArray();
        var tapeLoss = -(yb * ((xb.matmul(p[0]) + p[1]).relu().matmul(p[2]) + p[3]).log_softmax(1)).sum(1).mean();
        var tape = autograd.grad([tapeLoss], [.. p]).Select(g => g!).ToArray();
        var byHand = ManualMlp.Gradients(xb, yb, p[0], p[1], p[2], p[3]);
        var names = small.named_parameters().Select(n => n.name).ToArray();
        for (int i = 0; i < p.Count; i++)
            output.WriteLine($"  dL/d{names[i],-3} max |generated − tape| = {(generated[i] - tape[i]).abs().max().ToDouble():0.0e+00}   max |by hand − tape| = {(byHand[i] - tape[i]).abs().max().ToDouble():0.0e+00}");
        var check = GradCheck.Loss(() => loss.forward(small.forward(xb), yb), small.named_parameters().Select(n => (n.name, (Tensor)n.parameter)).ToList(),
            analytic: () => { small.zero_grad(); loss.forward(small.forward(xb), yb); small.backward_parameters(loss.backward()); return p.Select(t => t.grad!).ToList(); },
            what: "the generated backward of Mlp + CrossEntropy");
        output.WriteLine(check);
        output.WriteLine();
        output.WriteLine("What the generator derived (Mlp.DescribeBackward()):");
        output.WriteLine(small.DescribeBackward());

        Section("4. Seeing is not doing: the exam-grades network of assignment A1");
        var net = BayesGrades.GradesNetwork.Build();
        output.WriteLine($"P(R | G = g2)     = {Format(net.Query<BayesGrades.R>(BayesGrades.G.g2))}   (a good grade is evidence the student prepared)");
        output.WriteLine($"P(R | do(G = g2)) = {Format(net.Do(BayesGrades.G.g2).Query<BayesGrades.R>())}   (forcing the grade says nothing about preparation: = P(R))");
        Section("5. Assignment rules, enforced by the compiler");
        const string snippet = """
            using Edu.Sdk;
            using static Edu.Sdk.torch;

            var w = randn(3, 1).requires_grad_();
            var loss = w.pow(2).sum();
            loss.backward();
            """;
        output.WriteLine("A student in a project with <EduAssignment>manual</EduAssignment> (assignment A2: gradients by hand) writes:");
        output.WriteLine(string.Join("\n", snippet.Split('\n').Select(l => "    " + l)));
        output.WriteLine("and the compiler answers (the real analyzers, run in-process):");
        foreach (var d in RulesDemo.Check(snippet, "manual"))
            output.WriteLine($"    {d}");
        output.WriteLine("With `lang fr` in the teacher's assignment.rules, the same rule in French:");
        foreach (var d in RulesDemo.Check(snippet, "manual", "lang fr").Take(1))
            output.WriteLine($"    {d}");
        return 0;
    }

    static string Format(FactorTable t) => string.Join(", ", t.ToRows().Select(r => $"{r.StateNames[0]}: {r.Value:F4}"));
}

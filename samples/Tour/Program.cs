using Edu.Sdk;
using Edu.Sdk.Checking;
using Edu.Sdk.Data;
using Edu.Sdk.Probability;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;
using Tour;

// A tour of Edu.Sdk on data shipped inside the SDK: nothing to download. `--out DIR` says where the curves go.
string outDir = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("out", "tour");
Directory.CreateDirectory(outDir);

Section("1. Tensors, spelled as in PyTorch");
manual_seed(42);
var x = randn(2, 3);
Console.WriteLine($"x = {x}");
Console.WriteLine($"x + [10, 20, 30] (broadcast) = {x + tensor(new float[] { 10, 20, 30 })}");
Console.WriteLine($"softmax([1000, 10000, 100000]) = {tensor(new float[] { 1000, 10000, 100000 }).softmax(0)}   (stable: no overflow)");
try { zeros(64, 784).matmul(zeros(300, 784)); }
catch (ArgumentException e) { Console.WriteLine($"A shape error says what is wrong: {e.Message}"); }

Section("2. A generated layer trained on the embedded digits");
var digits = Digits.Load().ToDataset();
var (trainAndValidation, test) = digits.Split(0.8, seed: 1);
var (train, validation) = trainAndValidation.Split(0.875, seed: 2);
Console.WriteLine($"Digits: {train.Count} train, {validation.Count} validation, {test.Count} test images of 8x8 pixels.");
manual_seed(1);
var mlp = new Mlp(64, 100, 10);
var history = Trainer.Fit(mlp, new CrossEntropy(), optim.Adam(mlp.parameters(), lr: 3e-3), train, validation,
    new FitOptions { Epochs = 15, BatchSize = 32, Seed = 1 });
var best = history.Best!;
Console.WriteLine($"Best validation accuracy {best.Score:P1} at epoch {best.Epoch}; test accuracy {history.Test(test).Accuracy:P1}.");
var curves = Path.Combine(outDir, "digits-mlp.svg");
history.SavePlot(curves, "Generated MLP on the digits");
Console.WriteLine($"Curves: {curves}");

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
    Console.WriteLine($"  dL/d{names[i],-3} max |generated − tape| = {(generated[i] - tape[i]).abs().max().ToDouble():0.0e+00}   max |by hand − tape| = {(byHand[i] - tape[i]).abs().max().ToDouble():0.0e+00}");
var check = GradCheck.Loss(() => loss.forward(small.forward(xb), yb), small.named_parameters().Select(n => (n.name, (Tensor)n.parameter)).ToList(),
    analytic: () => { small.zero_grad(); loss.forward(small.forward(xb), yb); small.backward_parameters(loss.backward()); return p.Select(t => t.grad!).ToList(); },
    what: "the generated backward of Mlp + CrossEntropy");
Console.WriteLine(check);
Console.WriteLine();
Console.WriteLine("What the generator derived (Mlp.DescribeBackward()):");
Console.WriteLine(small.DescribeBackward());

Section("4. Seeing is not doing: the exam-grades network of assignment A1");
var net = BayesGrades.GradesNetwork.Build();
Console.WriteLine($"P(R | G = g2)     = {Format(net.Query<BayesGrades.R>(BayesGrades.G.g2))}   (a good grade is evidence the student prepared)");
Console.WriteLine($"P(R | do(G = g2)) = {Format(net.Do(BayesGrades.G.g2).Query<BayesGrades.R>())}   (forcing the grade says nothing about preparation: = P(R))");
return 0;

static void Section(string title) => Console.WriteLine($"\n== {title} ==");

static string Format(FactorTable t) => string.Join(", ", t.ToRows().Select(r => $"{r.StateNames[0]}: {r.Value:F4}"));

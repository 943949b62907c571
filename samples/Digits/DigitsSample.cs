using System.Diagnostics;
using Edu.Sdk;
using Edu.Sdk.Data;
using Edu.Sdk.Nn;
using Edu.Sdk.Training.Plots;
using static Edu.Sdk.torch;

namespace Edu.Samples;

/// <summary>
/// Assignment A6 on three classes of the embedded 8x8 digits: softmax regression with autograd (a manual update
/// loop, then an SGD optimizer), a quadratic cost instead of cross-entropy, a two-layer network by hand and as a
/// module class, and stochastic mini-batches of 20 drawn with replacement against full-batch descent.
/// </summary>
public static class DigitsSample
{
    /// <summary>The three digits kept, relabelled 0, 1, 2 (3, 5 and 8 look alike: a harder problem than 0, 1, 2).</summary>
    static readonly long[] KeptDigits = [3, 5, 8];

    /// <summary>One training run: its cost and test accuracy after each epoch (index 0 = before training).</summary>
    sealed record Curve(string Name, double[] Cost, double[] TestAccuracy, int Steps, double Seconds, int RisingUpdates);

    /// <summary>A model as a function from X to class probabilities Ŷ, with its parameters.</summary>
    sealed record Model(Func<Tensor, Tensor> Predict, Tensor[] Parameters);

    /// <summary>Runs the sample; returns the process exit code.</summary>
    /// <param name="args"><c>--quick</c> (a few seconds, fewer epochs), <c>--out &lt;folder&gt;</c> (./out/Digits by default).</param>
    /// <param name="output">Where the report goes.</param>
    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var options = SampleOptions.Parse(args, "Digits", output);
        if (options is null) return 2;
        Directory.CreateDirectory(options.OutputFolder);
        int epochs = options.Quick ? 40 : 300;         // full-batch epochs (one step each)
        int sgdEpochs = options.Quick ? 5 : 30;        // mini-batch epochs (n/20 steps each)
        output.WriteLine($"A6 — softmax regression and a two-layer network on three digit classes ({(options.Quick ? "--quick" : "full protocol")}: {epochs} full-batch epochs, {sgdEpochs} mini-batch epochs)");
        output.WriteLine($"Outputs in {Path.GetFullPath(options.OutputFolder)}");
        output.WriteLine();

        // ---- Data: three classes relabelled 0, 1, 2; a seeded 80/20 split; one-hot Y (train) and Yt (test).
        var data = Digits.Load().ToDataset().WhereClass(KeptDigits).Relabel();
        var (train, test) = data.Split(0.8, seed: 0);
        Tensor X = train.Features, Xt = test.Features;
        Tensor Y = train.OneHot().Targets, Yt = test.OneHot().Targets;
        int n = (int)X.size(0), d = (int)X.size(1), p = (int)Y.size(1);
        output.WriteLine($"Digits {string.Join(", ", KeptDigits)} relabelled 0, 1, 2: n = {n} train, {Xt.size(0)} test, d = {d} pixels, p = {p} classes; Y {Y.size(0)}x{Y.size(1)}, Yt {Yt.size(0)}x{Yt.size(1)} one-hot.");
        output.WriteLine();

        // ---- 1. Softmax regression, from scratch with autograd: W ~ N(0, 0.01²), B = 0, Ŷ = softmax(XW + B).
        var init = new Generator(0);
        var W0 = randn([d, p], generator: init) * 0.01;
        var B0 = zeros(1, p);
        var W = W0.clone().requires_grad_();
        var B = B0.clone().requires_grad_();
        Tensor SoftmaxRegression(Tensor x) => (x.matmul(W) + B).softmax(1);
        Tensor Yhat;
        using (no_grad()) Yhat = SoftmaxRegression(X);
        double rowError = RowSumError(Yhat);
        output.WriteLine($"Softmax regression: Ŷ = softmax(XW + B), W {d}x{p} ~ N(0, 0.01²), B 1x{p} zeros.");
        output.WriteLine($"rows of Ŷ sum to 1: max |Σⱼ Ŷᵢⱼ − 1| = {rowError:0.0e+0}");
        output.WriteLine($"initial cost J = −1/n Σ Y log Ŷ = {CrossEntropy(Yhat, Y).ToDouble():F4} (log 3 = {Math.Log(3):F4}: near-uniform predictions)");

        const double lr = 0.5;
        // The manual loop: J.backward() fills W.grad and B.grad; the update is written by hand, outside the tape.
        var manual = Train("softmax regression, manual update", new Model(SoftmaxRegression, [W, B]), CrossEntropy, X, Y, Xt, Yt, epochs,
            step: () =>
            {
                using (no_grad())
                {
                    W.sub_(W.grad! * lr);
                    B.sub_(B.grad! * lr);
                }
            });
        // The same descent with an optimizer object: it does the same update, so from the same start it gives the same curve.
        var W2 = nn.Parameter(W0.clone());
        var B2 = nn.Parameter(B0.clone());
        var sgd = optim.SGD([W2, B2], lr: lr);
        var withOptimizer = Train("softmax regression, optim.SGD", new Model(x => (x.matmul(W2) + B2).softmax(1), [W2, B2]), CrossEntropy, X, Y, Xt, Yt, epochs,
            step: () => sgd.step());
        double sameCurve = manual.Cost.Zip(withOptimizer.Cost, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"Full-batch gradient descent, lr {lr}, {epochs} epochs: final cost {manual.Cost[^1]:F4}, test accuracy {manual.TestAccuracy[^1]:P1}");
        output.WriteLine($"manual loop vs optim.SGD: largest cost difference over the run {sameCurve:0.0e+0}");
        output.WriteLine($"softmax regression test accuracy: {manual.TestAccuracy[^1]:F4}");
        output.WriteLine($"softmax regression train accuracy: {Accuracy(SoftmaxRegression, X, Y):F4}");

        // ---- 2. A quadratic cost instead: J = 1/n Σᵢ ‖Ŷᵢ − Yᵢ‖². Through the softmax its gradient vanishes when a
        // prediction is confidently wrong (Ŷ ≈ 0 where Y = 1), where cross-entropy's gradient Ŷ − Y stays large.
        var Wq = W0.clone().requires_grad_();
        var Bq = B0.clone().requires_grad_();
        var quadratic = Train("softmax regression, quadratic cost", new Model(x => (x.matmul(Wq) + Bq).softmax(1), [Wq, Bq]), Quadratic, X, Y, Xt, Yt, epochs,
            step: () =>
            {
                using (no_grad())
                {
                    Wq.sub_(Wq.grad! * lr);
                    Bq.sub_(Bq.grad! * lr);
                }
            });
        output.WriteLine($"Quadratic cost, same lr and epochs: final quadratic cost {quadratic.Cost[^1]:F4}, test accuracy {quadratic.TestAccuracy[^1]:P1} " +
                         $"(cross-entropy: {manual.TestAccuracy[^1]:P1}); after {Math.Min(10, epochs)} epochs {quadratic.TestAccuracy[Math.Min(10, epochs)]:P1} vs {manual.TestAccuracy[Math.Min(10, epochs)]:P1}");
        SaveSoftmaxFigure(Path.Combine(options.OutputFolder, "cost-softmax-regression.svg"), manual, withOptimizer, quadratic);
        output.WriteLine();

        // ---- 3. A two-layer network (100 hidden ReLU units) by hand: Ŷ = softmax(relu(XW1 + B1)W2 + B2).
        const int hidden = 100;
        // Kaiming-like scales (std √(2/d), √(1/h)) rather than 0.01: with two layers of 0.01 the output and every
        // gradient start about 100 times smaller and the first hundreds of steps do almost nothing.
        var W1_0 = randn([d, hidden], generator: init) * Math.Sqrt(2.0 / d);
        var W2_0 = randn([hidden, p], generator: init) * Math.Sqrt(1.0 / hidden);
        var W1 = W1_0.clone().requires_grad_();
        var B1 = zeros(1, hidden).requires_grad_();
        var W2h = W2_0.clone().requires_grad_();
        var B2h = zeros(1, p).requires_grad_();
        Tensor TwoLayer(Tensor x) => (x.matmul(W1) + B1).relu().matmul(W2h).add(B2h).softmax(1);
        Tensor[] byHandParameters = [W1, B1, W2h, B2h];
        const double lr2 = 0.2;
        var twoByHand = Train("two-layer, by hand", new Model(TwoLayer, byHandParameters), CrossEntropy, X, Y, Xt, Yt, epochs,
            step: () =>
            {
                using (no_grad())
                    foreach (var t in byHandParameters) t.sub_(t.grad! * lr2);
            });

        // ---- The same network as a module class, started from the same weights (nn.Linear keeps Wᵀ).
        var net = new TwoLayerNet(d, hidden, p);
        using (no_grad())
        {
            net.hidden.weight.copy_(W1_0.T);
            net.hidden.bias!.zero_();
            net.output.weight.copy_(W2_0.T);
            net.output.bias!.zero_();
        }
        double moduleRowError;
        using (no_grad()) moduleRowError = RowSumError(net.forward(X));
        var netOptimizer = optim.SGD(net.parameters(), lr: lr2);
        var twoModule = Train("two-layer, module + optim.SGD", new Model(net.forward, [.. net.parameters()]), CrossEntropy, X, Y, Xt, Yt, epochs,
            step: () => netOptimizer.step());
        double sameTwo = twoByHand.Cost.Zip(twoModule.Cost, (a, b) => Math.Abs(a - b)).Max();
        output.WriteLine($"Two-layer network ({hidden} hidden ReLU), full batch, lr {lr2}, {epochs} epochs:");
        output.WriteLine($"module outputs sum to 1: max |Σⱼ Ŷᵢⱼ − 1| = {moduleRowError:0.0e+0}");
        output.WriteLine($"by hand: final cost {twoByHand.Cost[^1]:F4}, test accuracy {twoByHand.TestAccuracy[^1]:P1}; module: final cost {twoModule.Cost[^1]:F4}, test accuracy {twoModule.TestAccuracy[^1]:P1}");
        output.WriteLine($"by hand vs module: largest cost difference over the run {sameTwo:0.0e+0} (same start, same updates; only rounding differs)");
        output.WriteLine($"two-layer test accuracy: {twoModule.TestAccuracy[^1]:F4}");
        output.WriteLine();

        // ---- 4. Stochastic gradient: mini-batches of 20 rows drawn with replacement, n/20 steps per epoch.
        var Ws = W0.clone().requires_grad_();
        var Bs = B0.clone().requires_grad_();
        var sgdSoftmax = TrainMiniBatch("softmax regression, batches of 20", new Model(x => (x.matmul(Ws) + Bs).softmax(1), [Ws, Bs]),
            train, X, Y, Xt, Yt, sgdEpochs, lr, seed: 1);
        var net2 = new TwoLayerNet(d, hidden, p);
        using (no_grad())
        {
            net2.hidden.weight.copy_(W1_0.T);
            net2.hidden.bias!.zero_();
            net2.output.weight.copy_(W2_0.T);
            net2.output.bias!.zero_();
        }
        var sgdTwo = TrainMiniBatch("two-layer, batches of 20", new Model(net2.forward, [.. net2.parameters()]),
            train, X, Y, Xt, Yt, sgdEpochs, lr2, seed: 1);
        SaveComparisonFigure(Path.Combine(options.OutputFolder, "cost-full-vs-minibatch.svg"), [manual, sgdSoftmax, twoModule, sgdTwo]);

        output.WriteLine("Full batch vs mini-batches of 20 (with replacement), same learning rates:");
        output.WriteLine("  run                                   epochs  updates  seconds  final cost  updates raising J  epochs to J<0.1  test accuracy");
        foreach (var c in new[] { manual, sgdSoftmax, twoModule, sgdTwo })
            output.WriteLine($"  {c.Name,-36}  {c.Cost.Length - 1,6}  {c.Steps,7}  {c.Seconds,7:F2}  {c.Cost[^1],10:F4}  {c.RisingUpdates,8} ({(double)c.RisingUpdates / c.Steps,5:P0})  {EpochsTo(c.Cost, 0.1),15}  {c.TestAccuracy[^1],13:P1}");
        output.WriteLine($"mini-batch softmax regression test accuracy: {sgdSoftmax.TestAccuracy[^1]:F4}");
        output.WriteLine($"mini-batch two-layer test accuracy: {sgdTwo.TestAccuracy[^1]:F4}");
        output.WriteLine();
        output.WriteLine("Reading the table: per epoch, mini-batches make n/20 updates where full-batch descent makes one, so they reach a low");
        output.WriteLine("cost in far fewer passes over the data; each update follows the gradient of 20 random rows, so the cost is noisy");
        output.WriteLine("(some updates raise the cost on the whole training set), where full-batch descent with a small enough step lowers it");
        output.WriteLine("every time. (The mini-batch seconds include measuring the cost on all rows after every update, for that column.)");
        output.WriteLine();
        output.WriteLine("Files: cost-softmax-regression.svg, cost-full-vs-minibatch.svg");
        return 0;
    }

    /// <summary>J = −1/n Σᵢ Σⱼ Yᵢⱼ log Ŷᵢⱼ: the mean cross-entropy of probabilities Ŷ against one-hot Y.</summary>
    static Tensor CrossEntropy(Tensor yhat, Tensor y) => -(y * yhat.log()).sum() / yhat.size(0);

    /// <summary>J = 1/n Σᵢ ‖Ŷᵢ − Yᵢ‖²: the quadratic cost.</summary>
    static Tensor Quadratic(Tensor yhat, Tensor y) => (yhat - y).pow(2).sum() / yhat.size(0);

    /// <summary>The largest distance of a row sum from 1.</summary>
    static double RowSumError(Tensor yhat) => (yhat.sum(1) - 1.0).abs().max().ToDouble();

    /// <summary>The fraction of rows whose most probable class is the one-hot target's.</summary>
    static double Accuracy(Func<Tensor, Tensor> predict, Tensor x, Tensor y)
    {
        using (no_grad())
            return predict(x).argmax(1).eq(y.argmax(1)).to(ScalarType.Float64).mean().ToDouble();
    }

    /// <summary>Full-batch gradient descent: each epoch one forward on all of X, one backward, one update.</summary>
    static Curve Train(string name, Model model, Func<Tensor, Tensor, Tensor> cost, Tensor x, Tensor y, Tensor xt, Tensor yt, int epochs, Action step)
    {
        var costs = new double[epochs + 1];
        var accuracies = new double[epochs + 1];
        var watch = Stopwatch.StartNew();
        for (int epoch = 0; epoch <= epochs; epoch++)
        {
            foreach (var t in model.Parameters) t.grad = null;      // gradients add up: clear them before each backward
            var j = cost(model.Predict(x), y);
            costs[epoch] = j.ToDouble();
            accuracies[epoch] = Accuracy(model.Predict, xt, yt);
            if (epoch == epochs) break;                              // the last entry is the cost after the last update
            j.backward();
            step();
        }
        return new Curve(name, costs, accuracies, epochs, watch.Elapsed.TotalSeconds, Rises(costs));
    }

    /// <summary>
    /// Stochastic gradient descent: each epoch n/20 updates, each on 20 rows drawn at random with replacement; after each
    /// epoch, the cross-entropy on the whole training set and the test accuracy.
    /// </summary>
    static Curve TrainMiniBatch(string name, Model model, Dataset train, Tensor x, Tensor y, Tensor xt, Tensor yt, int epochs, double lr, long seed)
    {
        var oneHot = train.OneHot();
        var batches = oneHot.BatchesWithReplacement(20, seed);
        var costs = new double[epochs + 1];
        var accuracies = new double[epochs + 1];
        using (no_grad()) costs[0] = CrossEntropy(model.Predict(x), y).ToDouble();
        accuracies[0] = Accuracy(model.Predict, xt, yt);
        int steps = 0, rising = 0;
        double previous = costs[0];
        var watch = Stopwatch.StartNew();
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            foreach (var (xb, yb) in batches)
            {
                foreach (var t in model.Parameters) t.grad = null;
                CrossEntropy(model.Predict(xb), yb).backward();
                using (no_grad())
                    foreach (var t in model.Parameters) t.sub_(t.grad! * lr);
                steps++;
                // Noise: did this update, made for 20 rows, raise the cost on all n rows?
                double now;
                using (no_grad()) now = CrossEntropy(model.Predict(x), y).ToDouble();
                if (now > previous) rising++;
                previous = now;
            }
            using (no_grad()) costs[epoch] = CrossEntropy(model.Predict(x), y).ToDouble();
            accuracies[epoch] = Accuracy(model.Predict, xt, yt);
        }
        return new Curve(name, costs, accuracies, steps, watch.Elapsed.TotalSeconds, rising);
    }

    static int Rises(double[] curve)
    {
        int rises = 0;
        for (int e = 1; e < curve.Length; e++) if (curve[e] > curve[e - 1]) rises++;
        return rises;
    }

    static string EpochsTo(double[] curve, double threshold)
    {
        int e = Array.FindIndex(curve, c => c < threshold);
        return e < 0 ? "not reached" : e.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    static double[] Epochs(int count) => Enumerable.Range(0, count).Select(e => (double)e).ToArray();

    static void SaveSoftmaxFigure(string path, Curve manual, Curve optimizer, Curve quadratic)
    {
        var cost = new LinePanel("Cost per epoch", "epoch", "cost") { YMin = 0 };
        cost.Add(new Series("cross-entropy, manual loop", Epochs(manual.Cost.Length), manual.Cost) { Color = Figure.Palette[0], Markers = false });
        cost.Add(new Series("cross-entropy, optim.SGD", Epochs(optimizer.Cost.Length), optimizer.Cost) { Color = Figure.Palette[1], Dashed = true, Markers = false });
        cost.Add(new Series("quadratic cost", Epochs(quadratic.Cost.Length), quadratic.Cost) { Color = Figure.Palette[2], Markers = false });
        var accuracy = new LinePanel("Test accuracy", "epoch", "accuracy") { YMax = 1, Legend = LegendPosition.BottomRight };
        accuracy.Add(new Series("cross-entropy", Epochs(manual.TestAccuracy.Length), manual.TestAccuracy) { Color = Figure.Palette[0], Markers = false });
        accuracy.Add(new Series("quadratic cost", Epochs(quadratic.TestAccuracy.Length), quadratic.TestAccuracy) { Color = Figure.Palette[2], Markers = false });
        new Figure(cost, accuracy) { Title = "A6: softmax regression on digits 3, 5, 8 (full-batch gradient descent)" }.Save(path);
    }

    static void SaveComparisonFigure(string path, IReadOnlyList<Curve> curves)
    {
        var cost = new LinePanel("Training cross-entropy per epoch", "epoch", "cost") { YMin = 0 };
        var accuracy = new LinePanel("Test accuracy per epoch", "epoch", "accuracy") { YMax = 1, Legend = LegendPosition.BottomRight };
        for (int i = 0; i < curves.Count; i++)
        {
            var c = curves[i];
            string color = Figure.Palette[i % Figure.Palette.Count];
            bool dashed = c.Name.Contains("batches", StringComparison.Ordinal);
            cost.Add(new Series(c.Name, Epochs(c.Cost.Length), c.Cost) { Color = color, Dashed = dashed, Markers = false });
            accuracy.Add(new Series(c.Name, Epochs(c.TestAccuracy.Length), c.TestAccuracy) { Color = color, Dashed = dashed, Markers = false });
        }
        new Figure(cost, accuracy) { Title = "A6: full-batch descent vs mini-batches of 20 drawn with replacement" }.Save(path);
    }
}

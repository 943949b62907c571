using System.Diagnostics;
using System.Globalization;
using Edu.Sdk;
using Edu.Sdk.Checking;
using Edu.Sdk.Data;
using Edu.Sdk.Nn;
using Edu.Sdk.Training;
using Edu.Sdk.Training.Plots;
using Edu.Sdk.Training.TensorBoard;
using static Edu.Sdk.torch;

namespace Edu.Samples;

/// <summary>
/// Assignment A4 on the Diabetes data set: a linear model and the MSE written as custom differentiable functions
/// (checked with GradCheck), trained from scratch by batch, stochastic and mini-batch gradient descent with gradient
/// clipping, then the same model in a few lines with nn.Linear, nn.MSELoss, optim.SGD and Trainer.Fit.
/// </summary>
public static class LinearRegressionSample
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One gradient-descent variant: how many examples per step, its learning rate and its epochs.</summary>
    sealed record Variant(string Name, int BatchSize, double LearningRate, int Epochs);

    /// <summary>What one run left: the per-epoch curves and the final scores.</summary>
    sealed record RunResult(Variant Variant, double[] TrainMse, double[] TestMse, int Steps, int ClippedSteps, double Seconds);

    /// <summary>The clipping threshold: the global gradient norm is brought down to at most this before each step.</summary>
    const double MaxGradNorm = 1.0;

    /// <summary>Runs the sample; returns the process exit code.</summary>
    /// <param name="args"><c>--quick</c> (a few seconds, fewer epochs), <c>--out &lt;folder&gt;</c> (./out/LinearRegression by default).</param>
    /// <param name="output">Where the report goes (Console.Out from Program.cs, a StringWriter in the tests).</param>
    public static int Run(string[] args, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var options = SampleOptions.Parse(args, "LinearRegression", output);
        if (options is null) return 2;
        Directory.CreateDirectory(options.OutputFolder);
        output.WriteLine($"A4 — linear regression by gradient descent ({(options.Quick ? "--quick: 10 epochs per variant" : "full protocol: 100 epochs per variant")})");
        output.WriteLine($"Outputs in {Path.GetFullPath(options.OutputFolder)}");
        output.WriteLine();

        // ---- 1. Data: split first, then standardise with the training statistics only (no leak from the test rows).
        var diabetes = Diabetes.Load();
        var (rawTrain, rawTest) = diabetes.ToDataset().Split(0.8, seed: 0);
        var xScaler = Standardizer.Fit(rawTrain.Features);
        // The target is standardised too, so that an MSE of 1 means "no better than predicting the mean" and one
        // learning rate suits every variant; MSEs are converted back to the original units (× std²) when reported.
        var yScaler = Standardizer.Fit(rawTrain.Targets);
        var train = new Dataset(xScaler.Transform(rawTrain.Features), yScaler.Transform(rawTrain.Targets));
        var test = new Dataset(xScaler.Transform(rawTest.Features), yScaler.Transform(rawTest.Targets));
        double targetVariance = Math.Pow(yScaler.Std.ToDouble(), 2);
        output.WriteLine($"{diabetes}");
        output.WriteLine($"Split 80/20 with seed 0: {train.Count} train rows, {test.Count} test rows; features and target standardised on train.");
        output.WriteLine($"Target std on train: {Math.Sqrt(targetVariance):F2} (an MSE of 1.0 here is {targetVariance:F0} in the original units).");
        output.WriteLine();

        // ---- 2. The custom functions, checked against central differences in double precision.
        output.WriteLine("Gradient checks of the custom functions (float64, eps 1e-6, atol 1e-4):");
        bool allPassed = CheckGradients(output);
        output.WriteLine($"gradcheck: {(allPassed ? "all passed" : "FAILED")}");
        output.WriteLine();

        // ---- 3. The yardstick: the exact least-squares solution.
        var (wStar, bStar) = LeastSquares.Solve(train.Features, train.Targets);
        double optimumTrain = Mse(train, wStar, bStar), optimumTest = Mse(test, wStar, bStar);
        output.WriteLine($"Least squares (normal equations): train MSE {optimumTrain:F4}, test MSE {optimumTest:F4} ({optimumTest * targetVariance:F0} in original units)");
        output.WriteLine();

        // ---- 4. From scratch: custom functions, a manual update, clipping, three batch sizes.
        int epochs = options.Quick ? 10 : 100;
        Variant[] variants =
        [
            new("batch", BatchSize: train.Count, LearningRate: 0.1, epochs),
            new("stochastic", BatchSize: 1, LearningRate: 0.01, epochs),
            new("mini-batch", BatchSize: 32, LearningRate: 0.05, epochs),
        ];
        var results = new List<RunResult>();
        foreach (var v in variants)
        {
            using var writer = new SummaryWriter(Path.Combine(options.OutputFolder, "runs", v.Name));
            var r = TrainFromScratch(v, train, test, writer);
            results.Add(r);
            SaveCurves(Path.Combine(options.OutputFolder, $"loss-{v.Name}.svg"), $"A4 {v.Name} gradient descent (batch {v.BatchSize}, lr {v.LearningRate})", [r], single: true);
        }
        SaveCurves(Path.Combine(options.OutputFolder, "loss-comparison.svg"), "A4: batch vs stochastic vs mini-batch gradient descent", results, single: false);

        output.WriteLine($"From scratch (LinearFunction + MseFunction, manual update, clip_grad_norm_ to {MaxGradNorm}), {epochs} epochs each:");
        output.WriteLine("  variant      batch  lr     steps  clipped  train MSE  test MSE  test MSE (orig.)  seconds");
        foreach (var r in results)
            output.WriteLine($"  {r.Variant.Name,-11} {r.Variant.BatchSize,6}  {r.Variant.LearningRate,-5}  {r.Steps,5}  {100.0 * r.ClippedSteps / r.Steps,6:F1}%  {r.TrainMse[^1],9:F4}  {r.TestMse[^1],8:F4}  {r.TestMse[^1] * targetVariance,16:F0}  {r.Seconds,7:F2}");
        foreach (var r in results)
            output.WriteLine($"final {r.Variant.Name} test MSE: {r.TestMse[^1]:F4}");
        // Noise: full-batch descent with a small enough step lowers the training loss at every step; one-example and
        // mini-batch steps follow noisy estimates of the gradient, so the training loss sometimes goes up.
        output.WriteLine("Noise: epochs where the train MSE went up: " +
            string.Join(", ", results.Select(r => $"{r.Variant.Name} {Rises(r.TrainMse)} of {r.Variant.Epochs}")));
        output.WriteLine();

        // ---- 5. The concise version: the library's Linear, MSELoss, SGD and fit loop (same clipping, same logging).
        var concise = TrainConcise(train, test, epochs, options.OutputFolder);
        output.WriteLine($"Concise (nn.Linear, nn.MSELoss, optim.SGD lr 0.05, batch 32, FitOptions.ClipGradNorm {MaxGradNorm}): train MSE {concise.Train:F4}, test MSE {concise.Test:F4}");
        output.WriteLine($"final concise test MSE: {concise.Test:F4}");
        output.WriteLine();
        output.WriteLine("Files: loss-batch.svg, loss-stochastic.svg, loss-mini-batch.svg, loss-comparison.svg, concise-history.csv, concise-curves.svg,");
        output.WriteLine($"       TensorBoard runs in {Path.Combine(options.OutputFolder, "runs")} (tensorboard --logdir {Path.Combine(options.OutputFolder, "runs")})");
        return allPassed ? 0 : 1;
    }

    /// <summary>GradCheck of LinearFunction, MseFunction and their composition, on small random float64 tensors.</summary>
    static bool CheckGradients(TextWriter output)
    {
        var a4 = new GradCheckOptions(Eps: 1e-6, Atol: 1e-4);
        var g = new Generator(7);
        var x = randn([6, 4], float64, g).requires_grad_();
        var w = randn([4, 1], float64, g).requires_grad_();
        var b = randn([1], float64, g).requires_grad_();
        var y = randn([6, 1], float64, g).requires_grad_();
        var reports = new[]
        {
            GradCheck.Function(v => LinearFunction.apply(v[0], v[1], v[2]), [x, w, b], a4, "LinearFunction(X, W, b)"),
            GradCheck.Function(v => MseFunction.apply(v[0], v[1]), [LinearFunction.apply(x, w, b).detach().requires_grad_(), y], a4, "MseFunction(Ŷ, y)"),
            GradCheck.Function(v => MseFunction.apply(LinearFunction.apply(v[0], v[1], v[2]), v[3]), [x, w, b, y], a4, "MseFunction(LinearFunction(X, W, b), y)"),
        };
        foreach (var r in reports) output.WriteLine(r.ToString());

        // The same gradients from the tape (built-in matmul, pow, mean) agree to rounding.
        var w1 = w.detach().clone().requires_grad_();
        var w2 = w.detach().clone().requires_grad_();
        MseFunction.apply(LinearFunction.apply(x.detach(), w1, b.detach()), y.detach()).backward();
        (x.detach().matmul(w2) + b.detach() - y.detach()).pow(2).mean().backward();
        double gap = (w1.grad! - w2.grad!).abs().max().ToDouble();
        output.WriteLine($"custom backward vs the tape, max |ΔdW|: {gap:0.0e+0}");
        return reports.All(r => r.Passed) && gap < 1e-12;
    }

    /// <summary>
    /// Gradient descent from scratch: W (d×1) and b (1) start at zero; each step computes the loss through the custom
    /// functions, lets the tape call their backwards, clips the global gradient norm, and updates θ ← θ − lr·∇θ by hand.
    /// </summary>
    static RunResult TrainFromScratch(Variant v, Dataset train, Dataset test, SummaryWriter writer)
    {
        int d = (int)train.Features.size(1);
        var w = nn.Parameter(zeros(d, 1));
        var b = nn.Parameter(zeros(1));
        Parameter[] parameters = [w, b];
        var trainCurve = new double[v.Epochs + 1];
        var testCurve = new double[v.Epochs + 1];
        trainCurve[0] = Mse(train, w, b);
        testCurve[0] = Mse(test, w, b);
        Log(writer, 0, trainCurve[0], testCurve[0]);
        int steps = 0, clipped = 0;
        var watch = Stopwatch.StartNew();
        // Batch GD: one step per epoch over all rows. Stochastic: one row per step. Mini-batch: 32 rows per step.
        var batches = train.Batches(v.BatchSize, shuffle: true, seed: 1);
        for (int epoch = 1; epoch <= v.Epochs; epoch++)
        {
            foreach (var (x, y) in batches)
            {
                var loss = MseFunction.apply(LinearFunction.apply(x, w, b), y);
                foreach (var p in parameters) p.grad = null;
                loss.backward();
                // Clipping: if ‖∇‖ > MaxGradNorm, every gradient is scaled by MaxGradNorm/‖∇‖ (same direction, shorter step).
                double norm = nn.utils.clip_grad_norm_(parameters, MaxGradNorm);
                if (norm > MaxGradNorm) clipped++;
                using (no_grad())
                    foreach (var p in parameters) p.sub_(p.grad! * v.LearningRate);
                steps++;
                if (v.BatchSize == 1 && steps % 20 == 0) writer.add_scalar("loss/step", loss.ToDouble(), steps);
                else if (v.BatchSize > 1) writer.add_scalar("loss/step", loss.ToDouble(), steps);
            }
            trainCurve[epoch] = Mse(train, w, b);
            testCurve[epoch] = Mse(test, w, b);
            Log(writer, epoch, trainCurve[epoch], testCurve[epoch]);
        }
        writer.flush();
        return new RunResult(v, trainCurve, testCurve, steps, clipped, watch.Elapsed.TotalSeconds);
    }

    static void Log(SummaryWriter writer, int epoch, double train, double test)
    {
        writer.add_scalar("loss/train", train, epoch);
        writer.add_scalar("loss/test", test, epoch);
    }

    /// <summary>The MSE of the model (W, b) on all of <paramref name="data"/>, without recording a graph.</summary>
    static double Mse(Dataset data, Tensor w, Tensor b)
    {
        using (no_grad())
            return MseFunction.apply(LinearFunction.apply(data.Features, w, b), data.Targets).ToDouble();
    }

    /// <summary>The number of epochs whose training MSE is above the previous epoch's.</summary>
    static int Rises(double[] curve)
    {
        int rises = 0;
        for (int e = 1; e < curve.Length; e++) if (curve[e] > curve[e - 1]) rises++;
        return rises;
    }

    /// <summary>The library version: the same model and update in a few lines, with the fit loop's history, curves and TensorBoard log.</summary>
    static (double Train, double Test) TrainConcise(Dataset train, Dataset test, int epochs, string folder)
    {
        var model = Initialization.Reset(nn.Sequential(nn.Linear(train.Features.size(1), 1)), new Generator(0));
        using var writer = new SummaryWriter(Path.Combine(folder, "runs", "concise"));
        var history = Trainer.Fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr: 0.05), train, test, new FitOptions
        {
            Epochs = epochs,
            BatchSize = 32,
            Seed = 1,
            ClipGradNorm = MaxGradNorm,
            Task = TaskKind.Regression,
            TensorBoard = writer,
            Progress = ProgressMode.None,
        });
        history.SaveCsv(Path.Combine(folder, "concise-history.csv"));
        history.SavePlot(Path.Combine(folder, "concise-curves.svg"), "A4 concise: nn.Linear + SGD (test set as validation)");
        return (history.Last.Train.Loss, history.Last.Validation!.Value.Loss);
    }

    /// <summary>Loss curves per epoch: train solid, test dashed; one colour per variant.</summary>
    static void SaveCurves(string path, string title, IReadOnlyList<RunResult> runs, bool single)
    {
        var panel = new LinePanel(single ? "MSE (standardised target)" : "MSE per epoch", "epoch", "MSE") { YMin = 0 };
        for (int i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            var epochs = Enumerable.Range(0, r.TrainMse.Length).Select(e => (double)e).ToArray();
            string color = Figure.Palette[i % Figure.Palette.Count];
            bool markers = r.TrainMse.Length <= 30;
            panel.Add(new Series($"{r.Variant.Name} train", epochs, r.TrainMse) { Color = color, Markers = markers });
            panel.Add(new Series($"{r.Variant.Name} test", epochs, r.TestMse) { Color = color, Dashed = true, Markers = markers });
        }
        new Figure(panel) { Title = title }.Save(path);
    }
}

using System.Diagnostics;
using System.Globalization;
using Edu.Sdk;
using Edu.Sdk.Checking;
using Edu.Sdk.Data;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace SoftmaxRegression;

/// <summary>
/// Assignment A2: softmax regression on Fashion-MNIST with the gradient X̃ᵀ(P − Y)/n written by hand, a stable
/// softmax, hand-written SGD and Adam, the learning-rate × batch-size grid, curves of the best model and one test.
/// </summary>
public static class SoftmaxRegressionSample
{
    /// <summary>The learning rates of the grid.</summary>
    public static readonly double[] LearningRates = [0.1, 0.01, 0.001];

    /// <summary>The batch sizes of the grid.</summary>
    public static readonly int[] BatchSizes = [1, 20, 200, 1000];

    /// <summary>Runs the sample; returns the process exit code.</summary>
    /// <param name="args"><c>--quick</c> (a small subset and 2 epochs), <c>--out DIR</c> (default <c>./out/SoftmaxRegression</c>).</param>
    /// <param name="output">Where the report goes.</param>
    public static int Run(string[] args, TextWriter output)
    {
        var options = SampleArgs.Parse(args, "SoftmaxRegression", output);
        if (options is null) return 2;
        Directory.CreateDirectory(options.OutDirectory);
        var clock = Stopwatch.StartNew();
        manual_seed(0);

        var data = A2Data.Load(options.Quick);
        output.WriteLine($"A2 — softmax regression on {data.Description}.");
        if (options.Quick) output.WriteLine("Quick mode: a 2,000-image subset, 2 epochs per cell (the full run: 54,000 / 6,000 / 10,000, 5 epochs).");
        output.WriteLine();

        ShowStableSoftmax(output);
        CheckGradient(data, output);

        int epochs = options.Quick ? 2 : 5;
        var sgd = RunGrid("SGD", (ps, lr) => new Sgd(ps, lr), data, epochs, options, output);
        var adam = RunGrid("Adam", (ps, lr) => new Adam(ps, lr), data, epochs, options, output);

        // SGD against Adam: the best cell of each, and cell by cell.
        output.WriteLine("SGD vs Adam (final validation accuracy, best cell of each grid):");
        output.WriteLine(Inv($"  SGD : {sgd.Best.Score:F4} (lr {sgd.Best.Row}, batch {sgd.Best.Column})"));
        output.WriteLine(Inv($"  Adam: {adam.Best.Score:F4} (lr {adam.Best.Row}, batch {adam.Best.Column})"));
        int adamWins = 0, cells = 0;
        for (int r = 0; r < LearningRates.Length; r++)
            for (int c = 0; c < BatchSizes.Length; c++)
            {
                cells++;
                if ((adam.Score(r, c) ?? 0) > (sgd.Score(r, c) ?? 0)) adamWins++;
            }
        output.WriteLine($"  Adam is ahead in {adamWins} of {cells} cells.");
        output.WriteLine();

        // The best model over both grids (chosen on validation only), its curves, then the test set, once.
        var (winner, best) = (adam.Best.Score ?? 0) > (sgd.Best.Score ?? 0) ? ("Adam", adam.Best) : ("SGD", sgd.Best);
        string title = Inv($"Softmax regression, {winner} lr {best.Row}, batch {best.Column}");
        var curves = Path.Combine(options.OutDirectory, "best-curves.svg");
        best.History.SavePlot(curves, title);
        best.History.SaveCsv(Path.Combine(options.OutDirectory, "best-history.csv"));
        output.WriteLine($"Best model: {title}.");
        output.WriteLine("epoch  train NLL  train acc  valid NLL  valid acc");
        foreach (var e in best.History.Epochs)
            output.WriteLine(Inv($"{e.Epoch,5}  {e.Train.Loss,9:F4}  {e.Train.Accuracy,9:F4}  {e.Validation?.Loss,9:F4}  {e.Validation?.Accuracy,9:F4}"));
        output.WriteLine($"Curves of mean NLL and accuracy per epoch: {curves}");
        var test = best.History.Test(data.Test);     // restores the best epoch's θ (chosen on validation), then scores
        output.WriteLine(Inv($"Test accuracy (the test set's only use): {test.Accuracy:F4} (mean NLL {test.Loss:F4}, {test.Count} images)"));
        output.WriteLine(Inv($"Done in {clock.Elapsed.TotalSeconds:F1} s; outputs in {options.OutDirectory}"));
        return 0;
    }

    /// <summary>softmax([1000, 10000, 100000]) with the stable formula, and what the naive one gives.</summary>
    static void ShowStableSoftmax(TextWriter output)
    {
        var z = tensor(new float[,] { { 1000, 10000, 100000 } });
        output.WriteLine($"Stable softmax([1000, 10000, 100000]) = {Format(StableSoftmax.Softmax(z))}");
        output.WriteLine($"Naive  softmax([1000, 10000, 100000]) = {Format(StableSoftmax.Naive(z))}   (exp(1000) overflows: ∞/∞)");
        output.WriteLine();
    }

    /// <summary>The hand-written gradient against central differences, in double precision, on 16 examples.</summary>
    static void CheckGradient(A2Data data, TextWriter output)
    {
        var batch = data.Train.Subset(randperm(data.Train.Count, new Generator(1)).narrow(0, 0, 16));
        var x = batch.Features.to(ScalarType.Float64);
        var y = batch.Targets.to(ScalarType.Float64);
        var model = new SoftmaxRegressionModel(x.size(1), data.Classes, ScalarType.Float64);
        model.Theta.copy_(randn([x.size(1), data.Classes], ScalarType.Float64, new Generator(2)) * 0.1);   // away from the symmetric zero start
        var report = GradCheck.Loss(
            () => SoftmaxRegressionModel.Nll(model.forward(x), y),
            [("theta", model.Theta)],
            analytic: () => [SoftmaxRegressionModel.Gradient(x, model.forward(x), y)],
            what: "the mean NLL, gradient X̃ᵀ(P − Y)/n by hand");
        output.WriteLine(report);
        output.WriteLine(Inv($"Largest difference from finite differences: {report.Entries.Max(e => e.MaxAbsError):0.00e+00}"));
        output.WriteLine();
    }

    /// <summary>Every learning rate × batch size with one optimizer; prints and saves the table of final validation accuracy.</summary>
    static GridResult<double, int> RunGrid(string optimizer, Func<IReadOnlyList<Edu.Sdk.Nn.Parameter>, double, IUpdateRule> make,
        A2Data data, int epochs, SampleArgs options, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var grid = HyperparameterGrid.Run(
            new GridAxis<double>("learning rate", LearningRates),
            new GridAxis<int>("batch size", BatchSizes),
            cell =>
            {
                var model = new SoftmaxRegressionModel(data.Train.Features.size(1), data.Classes);
                var rule = make([model.Theta], cell.Row);
                return Trainer.Fit(model, rule.Step, data.Train, data.Validation, new FitOptions
                {
                    Epochs = epochs, BatchSize = cell.Column, Seed = cell.Seed, Name = $"{optimizer} {cell.Name}",
                    LearningRate = cell.Row, Progress = ProgressMode.None,
                });
            },
            new GridOptions
            {
                Score = h => h.Diverged ? null : h.Last.Validation?.Accuracy,
                ScoreName = "Validation accuracy",
                Title = $"{optimizer}: validation accuracy after {epochs} epochs",
                Progress = ProgressMode.None,
            });
        output.WriteLine(grid.ToString());
        output.WriteLine(Inv($"({optimizer} grid: {clock.Elapsed.TotalSeconds:F1} s)"));
        output.WriteLine();
        File.WriteAllText(Path.Combine(options.OutDirectory, $"grid-{optimizer.ToLowerInvariant()}.md"), grid.ToMarkdown());
        return grid;
    }

    static string Format(Tensor row) =>
        "[" + string.Join(", ", row.to(ScalarType.Float64).data<double>().ToArray().Select(v => v.ToString("G6", CultureInfo.InvariantCulture))) + "]";

    static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Globalization;
using Edu.Sdk;
using Edu.Sdk.Checking;
using Edu.Sdk.Data;
using Edu.Sdk.Nn;
using Edu.Sdk.Optim;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace MlpBackprop;

/// <summary>
/// Assignment A3: an MLP with backpropagation written by hand, checked against a generated backward and the autograd
/// tape, trained with SGD and Adam, the depth × width grid, the N(0, 0.01) collapse explained, and a timing comparison.
/// </summary>
public static class MlpBackpropSample
{
    /// <summary>The depths of the grid.</summary>
    public static readonly int[] Depths = [1, 3, 5];

    /// <summary>The widths of the grid.</summary>
    public static readonly int[] Widths = [25, 100, 300, 500, 1000];

    /// <summary>Runs the sample; returns the process exit code.</summary>
    /// <param name="args"><c>--quick</c>, <c>--out DIR</c> (default <c>./out/MlpBackprop</c>), <c>--adam-grid</c> (also the grid with Adam), <c>--full-grid</c> (5 epochs per cell, as A3 asks; 1 by default).</param>
    /// <param name="output">Where the report goes.</param>
    public static int Run(string[] args, TextWriter output)
    {
        var options = SampleArgs.Parse(args, "MlpBackprop", output);
        if (options is null) return 2;
        Directory.CreateDirectory(options.OutDirectory);
        var clock = Stopwatch.StartNew();
        bool quick = options.Quick;

        var data = A3Data.Load(quick);
        output.WriteLine($"A3 — MLP, backpropagation by hand vs generated vs autograd, on {data.Description}.");
        if (quick) output.WriteLine("Quick mode: a 2,000-image subset, small grid, 1-2 epochs (the full run: 54,000 / 6,000 / 10,000).");
        output.WriteLine();

        CompareGradients(data, depth: 1, width: 100, output);
        CompareGradients(data, depth: 3, width: 100, output);
        CheckInDouble(data, output);

        var histories = TrainSgdAndAdam(data, quick ? 2 : 5, quick ? 100 : 300, options, output);
        RunGrid("SGD", (ps, lr) => optim.SGD(ps, lr), data, options, output);
        if (options.AdamGrid) RunGrid("Adam", (ps, lr) => optim.Adam(ps, lr), data, options, output);
        ShowCollapse(data, options, output);
        CompareTimes(data, options, output);

        // The test set, once, for the model chosen on validation.
        var best = histories.MaxBy(h => h.history.Last.Validation?.Accuracy ?? 0);
        var test = best.history.Test(data.Test);
        output.WriteLine(Inv($"Test accuracy of the best model ({best.name}, chosen on validation; the test set's only use): {test.Accuracy:F4}"));
        output.WriteLine(Inv($"Done in {clock.Elapsed.TotalSeconds:F0} s; outputs in {options.OutDirectory}"));
        return 0;
    }

    /// <summary>Largest |a − b| over a list of tensor pairs.</summary>
    public static double MaxAbsDifference(IReadOnlyList<Tensor> a, IReadOnlyList<Tensor> b) =>
        a.Zip(b).Max(p => (p.First - p.Second).abs().max().ToDouble());

    /// <summary>The same batch through the hand-written backward, the generated one and the tape, in float32.</summary>
    static void CompareGradients(A3Data data, int depth, int width, TextWriter output)
    {
        var batch = data.Train.Subset(randperm(data.Train.Count, new Generator(5)).narrow(0, 0, 64));
        var (x, y) = (batch.Features, batch.Targets);
        var manual = new ManualMlp(data.Inputs, depth, width, data.Classes, WeightInit.He, new Generator(7));

        var scores = manual.forward(x);
        manual.backward(x, scores, y);
        var byHand = manual.named_parameters().Select(p => p.parameter.grad!.clone()).ToList();
        var tape = References.TapeGradients(References.Tape(manual), x, y);
        double scale = tape.Max(g => g.abs().max().ToDouble());

        output.WriteLine($"Gradients on one batch of 64, depth {depth}, width {width} (float32), largest entry {scale:0.00e+00}:");
        output.WriteLine(Inv($"  by hand (list of layers)       vs tape: max |Δ| = {MaxAbsDifference(byHand, tape):0.00e+00}"));
        if (depth == 1)
        {
            var layer = new OneHiddenLayerMlp(manual);
            var s = layer.forward(x);
            layer.backward(ManualMlp.ScoresGradient(s, y));
            var layerGrads = layer.parameters().Select(p => p.grad!.clone()).ToList();
            output.WriteLine(Inv($"  by hand ([Layer], saved record) vs tape: max |Δ| = {MaxAbsDifference(layerGrads, tape):0.00e+00}"));
        }
        if (References.HasGenerated(depth))
        {
            var generated = References.GeneratedGradients(References.Generated(manual), x, y);
            output.WriteLine(Inv($"  generated backward              vs tape: max |Δ| = {MaxAbsDifference(generated, tape):0.00e+00}"));
        }
        output.WriteLine();
    }

    /// <summary>GradCheck (central differences in double) of both hand-written backwards, on a small model.</summary>
    static void CheckInDouble(A3Data data, TextWriter output)
    {
        var batch = data.Train.Subset(randperm(data.Train.Count, new Generator(6)).narrow(0, 0, 4));
        var x = batch.Features.to(ScalarType.Float64);
        var y = batch.Targets;

        var mlp = new ManualMlp(data.Inputs, 2, 6, data.Classes, WeightInit.He, new Generator(8), ScalarType.Float64);
        var report = GradCheck.Loss(
            () => ManualMlp.CrossEntropy(mlp.forward(x), y),
            mlp.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList(),
            analytic: () => { var s = mlp.forward(x); mlp.backward(x, s, y); return mlp.named_parameters().Select(p => (Tensor)p.parameter.grad!).ToList(); },
            what: "the hand-written backward, depth 2, width 6");
        output.WriteLine(report);

        var one = new ManualMlp(data.Inputs, 1, 6, data.Classes, WeightInit.He, new Generator(9), ScalarType.Float64);
        var layer = new OneHiddenLayerMlp(one);
        var layerReport = GradCheck.Loss(
            () => ManualMlp.CrossEntropy(layer.forward(x), y),
            layer.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).ToList(),
            analytic: () => { var s = layer.forward(x); layer.backward(ManualMlp.ScoresGradient(s, y)); return layer.parameters().Select(p => (Tensor)p.grad!).ToList(); },
            what: "OneHiddenLayerMlp.backward (hand-written, generated forward)");
        output.WriteLine(layerReport);
        output.WriteLine();
    }

    /// <summary>Depth 1 trained by hand with mini-batch SGD (lr 0.01) and Adam (lr 0.001), batch 64.</summary>
    static List<(string name, History history)> TrainSgdAndAdam(A3Data data, int epochs, int width, SampleArgs options, TextWriter output)
    {
        var runs = new List<(string, History)>();
        foreach (var (name, lr, make) in new (string, double, Func<IEnumerable<Parameter>, double, Optimizer>)[]
                 { ("SGD", 0.01, (ps, lr) => optim.SGD(ps, lr)), ("Adam", 0.001, (ps, lr) => optim.Adam(ps, lr)) })
        {
            var model = new ManualMlp(data.Inputs, 1, width, data.Classes, WeightInit.He, new Generator(11));
            var h = Trainer.Fit(model, make(model.named_parameters().Select(p => p.parameter), lr), data.Train, data.Validation,
                new FitOptions { Epochs = epochs, BatchSize = 64, Seed = 1, Progress = ProgressMode.None });
            string run = Inv($"{data.Inputs}-{width}-{data.Classes} {name} lr {lr}");
            output.WriteLine(Inv($"{run}, batch 64, {epochs} epochs, backprop by hand: validation accuracy per epoch ") +
                string.Join(" ", h.Epochs.Select(e => Inv($"{e.Validation?.Accuracy:F4}"))));
            h.SavePlot(Path.Combine(options.OutDirectory, $"mlp-{name.ToLowerInvariant()}.svg"), run);
            h.SaveCsv(Path.Combine(options.OutDirectory, $"mlp-{name.ToLowerInvariant()}.csv"));
            runs.Add((run, h));
        }
        output.WriteLine();
        return runs;
    }

    /// <summary>Depth × width at lr 0.01, batch 64, He initialisation, backprop by hand.</summary>
    static void RunGrid(string optimizer, Func<IEnumerable<Parameter>, double, Optimizer> make, A3Data data, SampleArgs options, TextWriter output)
    {
        int[] depths = options.Quick ? [1, 3] : Depths;
        int[] widths = options.Quick ? [25, 100] : Widths;
        // The assignment's protocol is 5 epochs per cell (--full-grid); by default 1 epoch, which ranks the cells the
        // same way in a fifth of the time (the 5-deep, 1000-wide cell alone is about 1.6 TFLOP per epoch).
        int epochs = options.Quick || !options.FullGrid ? 1 : 5;
        var clock = Stopwatch.StartNew();
        var grid = HyperparameterGrid.Run(
            new GridAxis<int>("depth", depths),
            new GridAxis<int>("width", widths),
            cell =>
            {
                var model = new ManualMlp(data.Inputs, cell.Row, cell.Column, data.Classes, WeightInit.He, cell.Generator);
                return Trainer.Fit(model, make(model.named_parameters().Select(p => p.parameter), 0.01), data.Train, data.Validation,
                    new FitOptions { Epochs = epochs, BatchSize = 64, Seed = cell.Seed, Name = cell.Name, Progress = ProgressMode.None, EvaluateTrain = false });
            },
            new GridOptions { Title = $"{optimizer} lr 0.01, batch 64, He init: validation accuracy after {epochs} epochs", Progress = ProgressMode.None });
        output.WriteLine(grid.ToString());
        output.WriteLine(Inv($"({optimizer} grid: {clock.Elapsed.TotalSeconds:F0} s)"));
        output.WriteLine();
        File.WriteAllText(Path.Combine(options.OutDirectory, $"grid-{optimizer.ToLowerInvariant()}.md"), grid.ToMarkdown());
    }

    /// <summary>
    /// The submitted run's failure: deep and wide, SGD, weights drawn with a fixed σ whatever the width. σ = 0.01 makes
    /// the signal vanish layer after layer (training stalls at chance); a σ a few times 1/√width makes it explode, and
    /// the fit loop stops at the first non-finite loss or gradient with a report instead of writing NaN rows.
    /// </summary>
    static void ShowCollapse(A3Data data, SampleArgs options, TextWriter output)
    {
        int width = options.Quick ? 200 : 1000;
        const int depth = 5;
        foreach (var init in new[] { WeightInit.Small, WeightInit.Fixed(options.Quick ? 0.3 : 0.1) })
        {
            output.WriteLine($"Depth {depth}, width {width}, SGD lr 0.01, batch 64, every weight from {init.Name}:");
            var model = new ManualMlp(data.Inputs, depth, width, data.Classes, init, new Generator(3));
            ReportSignal(model, data, output);
            var h = Trainer.Fit(model, optim.SGD(model.named_parameters().Select(p => p.parameter), 0.01), data.Train, data.Validation,
                new FitOptions { Epochs = options.Quick ? 1 : 2, BatchSize = 64, Seed = 1, Progress = ProgressMode.None, EvaluateTrain = false, Name = init.Name });
            if (h.Divergence is { } d) output.WriteLine("  Trainer.Fit stopped: " + d.Message.Replace("\n", "\n  ", StringComparison.Ordinal));
            else output.WriteLine("  no divergence; validation accuracy per epoch: " + string.Join(" ", h.Epochs.Select(e => Inv($"{e.Validation?.Accuracy:F4}"))));
            output.WriteLine();
        }
    }

    /// <summary>How big the activations and the gradients are, layer by layer, at the start.</summary>
    static void ReportSignal(ManualMlp model, A3Data data, TextWriter output)
    {
        var batch = data.Train.Subset(torch.arange(64));
        var s = model.forward(batch.Features);
        model.backward(batch.Features, s, batch.Targets);
        output.WriteLine("  layer   std of its output   ‖∂L/∂W‖");
        var h = batch.Features;
        for (int l = 0; l < model.Weights.Count; l++)
        {
            h = h.matmul(model.Weights[l]) + model.Biases[l];
            if (l < model.Weights.Count - 1) h = relu(h);
            var g = model.Weights[l].grad!;
            double norm = Math.Sqrt((g * g).sum().ToDouble());
            output.WriteLine(Inv($"  {(l < model.Weights.Count - 1 ? (l + 1).ToString(CultureInfo.InvariantCulture) : "out"),5}   {Std(h),17:0.00e+00}   {norm:0.00e+00}"));
        }
    }

    static double Std(Tensor t)
    {
        var m = t.mean().ToDouble();
        return Math.Sqrt(((t - m) * (t - m)).mean().ToDouble());
    }

    /// <summary>One training epoch of the same network (same weights) by hand, by the generated backward and by the tape.</summary>
    static void CompareTimes(A3Data data, SampleArgs options, TextWriter output)
    {
        int width = options.Quick ? 100 : 300;
        int repeats = options.Quick ? 1 : 2;
        output.WriteLine($"Seconds per training epoch ({data.Train.Count} images, batch 64, Adam lr 0.001, no evaluation), best of {repeats}:");
        output.WriteLine("  model              by hand (list)  by hand ([Layer])   generated        tape");
        foreach (int depth in options.Quick ? [1] : new[] { 1, 3 })
        {
            var source = new ManualMlp(data.Inputs, depth, width, data.Classes, WeightInit.He, new Generator(21));
            var fit = new FitOptions { Epochs = 1, BatchSize = 64, Seed = 1, Progress = ProgressMode.None, EvaluateTrain = false, KeepBest = false };
            Optimizer Adam(IEnumerable<Parameter> ps) => optim.Adam(ps, 0.001);
            double Time(Func<History> run) => Enumerable.Range(0, repeats).Min(_ => run().Epochs[^1].Seconds);
            double manual = Time(() =>
            {
                var m = Copy(source);
                return Trainer.Fit(m, Adam(m.named_parameters().Select(p => p.parameter)), data.Train, null, fit);
            });
            double? layer = depth == 1 ? Time(() =>
            {
                var m = new OneHiddenLayerModel(new OneHiddenLayerMlp(source));
                return Trainer.Fit(m, Adam(m.named_parameters().Select(p => p.parameter)), data.Train, null, fit);
            }) : null;
            double generated = Time(() => References.FitGenerated(source, Adam, data.Train, null, fit));
            double tape = Time(() => References.FitTape(source, Adam, data.Train, null, fit));
            string arch = depth == 1 ? $"{data.Inputs}-{width}-{data.Classes}" : $"{data.Inputs}-({width}x3)-{data.Classes}";
            output.WriteLine(Inv($"  {arch,-17}  {manual,14:F2}  {(layer is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "—"),17}  {generated,10:F2}  {tape,10:F2}"));
            output.WriteLine(Inv($"  {"",-17}  ratios to the generated backward: by hand {manual / generated:F2}x, tape {tape / generated:F2}x"));
        }
        output.WriteLine();
    }

    static ManualMlp Copy(ManualMlp source)
    {
        var copy = new ManualMlp(source.Weights[0].size(0), source.Depth, source.Weights[0].size(1), source.Weights[^1].size(1), WeightInit.He, new Generator(0));
        for (int l = 0; l < source.Weights.Count; l++)
        {
            copy.Weights[l].copy_(source.Weights[l]);
            copy.Biases[l].copy_(source.Biases[l]);
        }
        return copy;
    }

    static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using Edu.Sdk.Nn;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Tests.Training;

public class GridTests
{
    /// <summary>A history with the given final validation accuracy after <paramref name="epochs"/> epochs (or diverged at epoch 2).</summary>
    static History Fake(double accuracy, int epochs = 5, bool diverged = false)
    {
        var h = new History(TaskKind.Classification, null, _ => default);
        for (int e = 0; e <= (diverged ? 1 : epochs); e++)
            h.Add(new EpochRecord(e, new Scores(1, accuracy, null, 10), new Scores(1, accuracy, null, 10), 0, 0));
        if (diverged)
            h.Divergence = new DivergenceReport { Epoch = 2, Step = 7, GlobalStep = 19, Cause = DivergenceCause.Loss, Loss = double.NaN, Message = "diverged" };
        return h;
    }

    static readonly double[,] A2 = { { 0.8123, 0.8345, 0.8512, 0.8011 }, { 0.7988, 0.8402, 0.8231, 0.7712 }, { 0.7021, 0.7534, 0.6810, 0.5230 } };

    static GridResult<double, int> A2Grid(GridOptions? options = null) => HyperparameterGrid.Run(
        new GridAxis<double>("learning rate", [0.1, 0.01, 0.001]),
        new GridAxis<int>("batch size", [1, 20, 200, 1000]),
        cell => cell.RowIndex == 0 && cell.ColumnIndex == 0 ? Fake(0, diverged: true) : Fake(A2[cell.RowIndex, cell.ColumnIndex]),
        options);

    [Fact]
    public void Markdown_table_has_a2s_layout()
    {
        var grid = A2Grid();
        Assert.Equal(
            "**Validation accuracy after 5 epochs**\n\n" +
            "| learning rate \\ batch size | 1 | 20 | 200 | 1000 |\n" +
            "| --- | ---: | ---: | ---: | ---: |\n" +
            "| 0.1 | diverged (epoch 2) | 0.8345 | **0.8512** | 0.8011 |\n" +
            "| 0.01 | 0.7988 | 0.8402 | 0.8231 | 0.7712 |\n" +
            "| 0.001 | 0.7021 | 0.7534 | 0.6810 | 0.5230 |\n",
            grid.ToMarkdown());
    }

    [Fact]
    public void Plain_text_table_is_aligned_and_marks_the_best()
    {
        var text = A2Grid().ToString();
        Assert.Equal(
            "Validation accuracy after 5 epochs\n" +
            "learning rate \\ batch size                   1      20      200    1000\n" +
            "0.1                         diverged (epoch 2)  0.8345  0.8512*  0.8011\n" +
            "0.01                                    0.7988  0.8402   0.8231  0.7712\n" +
            "0.001                                   0.7021  0.7534   0.6810  0.5230\n",
            text);
    }

    [Fact]
    public void Best_cell_and_scores()
    {
        var grid = A2Grid(new GridOptions { Parallelism = 1 });
        Assert.Equal((0.1, 200, 0, 2, 0.8512), (grid.Best.Row, grid.Best.Column, grid.Best.RowIndex, grid.Best.ColumnIndex, grid.Best.Score));
        Assert.Null(grid.Score(0, 0));
        Assert.True(grid[0, 0].Diverged);
        Assert.Equal(0.5230, grid.Score(2, 3));
    }

    [Fact]
    public void Spectre_table_has_the_same_layout()
    {
        var table = A2Grid().ToTable();
        Assert.Equal(5, table.Columns.Count);
        Assert.Equal(3, table.Rows.Count);
        var writer = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(writer),
            Ansi = Spectre.Console.AnsiSupport.No,
            ColorSystem = Spectre.Console.ColorSystemSupport.NoColors,
        });
        console.Profile.Width = 120;
        console.Write(table);
        var lines = writer.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
        Assert.Equal("Validation accuracy after 5 epochs", lines[0].Trim());
        Assert.Matches(@"^│ learning rate \\ batch size │\s+1 │\s+20 │\s+200 │\s+1000 │$", lines[2]);
        Assert.Matches(@"^│ 0\.1\s+│ diverged \(epoch 2\) │ 0\.8345 │ 0\.8512 │ 0\.8011 │$", lines[4]);
        Assert.Matches(@"^│ 0\.001\s+│\s+0\.7021 │ 0\.7534 │ 0\.6810 │ 0\.5230 │$", lines[6]);
    }

    [Fact]
    public void Depth_by_width_grid_on_two_threads_matches_a_sequential_run()
    {
        var (train, validation) = TrainingData.Digits64;
        var threads = new System.Collections.Concurrent.ConcurrentDictionary<int, byte>();
        int running = 0, maxRunning = 0;
        History Cell(GridCell<int, int> cell)
        {
            threads.TryAdd(Environment.CurrentManagedThreadId, 0);
            int now = Interlocked.Increment(ref running);
            lock (threads) maxRunning = Math.Max(maxRunning, now);
            try
            {
                var layers = new List<Module<Tensor, Tensor>>();
                long inputs = 64;
                for (int d = 0; d < cell.Row; d++) { layers.Add(nn.Linear(inputs, cell.Column)); layers.Add(nn.ReLU()); inputs = cell.Column; }
                layers.Add(nn.Linear(inputs, 10));
                var model = Initialization.Reset(nn.Sequential(layers), cell.Generator);
                return Trainer.Fit(model, new CrossEntropyLoss(), optim.Adam(model.parameters(), lr: 1e-2), train, validation,
                    new FitOptions { Epochs = 1, BatchSize = 64, Seed = cell.Seed, Name = cell.Name });
            }
            finally { Interlocked.Decrement(ref running); }
        }
        var depths = new GridAxis<int>("depth", [1, 3]);
        var widths = new GridAxis<int>("width", [16, 32, 64]);
        var parallel = HyperparameterGrid.Run(depths, widths, Cell, new GridOptions { Seed = 10, Parallelism = 2 });
        Assert.Equal(2, maxRunning);   // two cells trained at once
        var sequential = HyperparameterGrid.Run(depths, widths, Cell, new GridOptions { Seed = 10, Parallelism = 1 });
        for (int r = 0; r < 2; r++)
            for (int c = 0; c < 3; c++)
            {
                Assert.InRange(parallel.Score(r, c)!.Value, 0.2, 1);   // above chance (0.1) after one epoch
                Assert.Equal(sequential.Score(r, c), parallel.Score(r, c));   // each cell depends on its own seed only
                Assert.Equal(sequential[r, c].Last.Train.Loss, parallel[r, c].Last.Train.Loss);
            }
        Assert.Equal("depth=3, width=64", parallel[1, 2].Name);
        var md = parallel.ToMarkdown().Split('\n');
        Assert.Equal("**Validation accuracy after 1 epoch**", md[0]);
        Assert.Equal("| depth \\ width | 16 | 32 | 64 |", md[2]);
        Assert.StartsWith("| 1 | 0.", md[4], StringComparison.Ordinal);
        Assert.StartsWith("| 3 | 0.", md[5], StringComparison.Ordinal);
    }

    [Fact]
    public void A_cells_generator_and_the_default_continue_one_stream()
    {
        // Two generators seeded alike would hand a cell the same numbers twice (its noise equal to its weights).
        var draws = new System.Collections.Concurrent.ConcurrentDictionary<int, (float[] Own, float[] Default)>();
        HyperparameterGrid.Run(
            new GridAxis<int>("a", [0]), new GridAxis<int>("b", [0, 1]),
            cell =>
            {
                draws[cell.ColumnIndex] = (randn([4], generator: cell.Generator).data<float>().ToArray(), randn(4).data<float>().ToArray());
                return Fake(0.5);
            },
            new GridOptions { Seed = 9, Parallelism = 1 });
        for (int c = 0; c < 2; c++)
        {
            var g = new Generator(9 + c);
            Assert.Equal(randn([4], generator: g).data<float>().ToArray(), draws[c].Own);
            Assert.Equal(randn([4], generator: g).data<float>().ToArray(), draws[c].Default);
        }
    }

    [Fact]
    public void Cells_building_nn_Linear_without_a_generator_get_their_seeds_weights_on_any_thread()
    {
        var weights = new System.Collections.Concurrent.ConcurrentDictionary<(int, int, int), float[]>();
        void Run(int parallelism) => HyperparameterGrid.Run(
            new GridAxis<int>("a", [0, 1, 2]), new GridAxis<int>("b", [0, 1, 2]),
            cell =>
            {
                weights[(parallelism, cell.RowIndex, cell.ColumnIndex)] = nn.Linear(20, 8).weight.data<float>().ToArray();
                return Fake(0.5);
            },
            new GridOptions { Seed = 40, Parallelism = parallelism });
        manual_seed(5);
        var before = randn(3).data<float>().ToArray();
        Run(2);
        Run(1);
        var after = randn(3).data<float>().ToArray();
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
            {
                manual_seed(40 + r * 3 + c);
                var expected = nn.Linear(20, 8).weight.data<float>().ToArray();
                Assert.Equal(expected, weights[(2, r, c)]);
                Assert.Equal(expected, weights[(1, r, c)]);
            }
        // The grid put the calling thread's own generator back: its sequence goes on where it was.
        var g = new Generator(5);
        Assert.Equal(randn(3, generator: g).data<float>().ToArray(), before);
        Assert.Equal(randn(3, generator: g).data<float>().ToArray(), after);
    }

    [Fact]
    public void Regression_grid_shows_mae_and_prefers_the_lowest()
    {
        var (train, validation) = TrainingData.Diabetes10;
        var grid = HyperparameterGrid.Run(
            new GridAxis<double>("lr", [0.01, 10]) { Format = v => v.ToString("G3", System.Globalization.CultureInfo.InvariantCulture) },
            new GridAxis<int>("batch", [32]),
            cell =>
            {
                var model = Initialization.Reset(nn.Sequential(nn.Linear(10, 1)), cell.Generator);
                return Trainer.Fit(model, new MSELoss(), optim.SGD(model.parameters(), lr: cell.Row), train, validation,
                    new FitOptions { Epochs = 2, BatchSize = cell.Column, Seed = cell.Seed });
            });
        Assert.Equal("Validation mean absolute error after 2 epochs", grid.Title);
        Assert.Contains("| 10 | diverged (epoch 1) |", grid.ToMarkdown(), StringComparison.Ordinal);
        Assert.Equal(0.01, grid.Best.Row);
        Assert.True(grid.Best.Score > 0);
    }
}

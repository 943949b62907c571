using System.Runtime.ExceptionServices;
using Spectre.Console;

namespace Edu.Sdk.Training;

/// <summary>
/// Runs a training for every pair of two hyper-parameters (A2's learning rates × batch sizes, A3's depths × widths),
/// two cells at a time on the two cores, and gathers the results in a table laid out as the assignments print it.
/// </summary>
/// <example>
/// <code>
/// var grid = HyperparameterGrid.Run(
///     new GridAxis&lt;double&gt;("learning rate", [0.1, 0.01, 0.001]),
///     new GridAxis&lt;int&gt;("batch size", [1, 20, 200, 1000]),
///     cell =&gt;
///     {
///         var model = Initialization.Reset(nn.Sequential(nn.Linear(784, 10)), cell.Generator);
///         return Trainer.Fit(model, new CrossEntropyLoss(), optim.SGD(model.parameters(), cell.Row), train, validation,
///                            new FitOptions { Epochs = 5, BatchSize = cell.Column, Seed = cell.Seed, Name = cell.Name });
///     });
/// grid.Print();                                          // a Spectre table in the terminal
/// File.WriteAllText("grid.md", grid.ToMarkdown());       // the same table for the docs
/// var (lr, batch) = (grid.Best.Row, grid.Best.Column);
/// </code>
/// </example>
public static class HyperparameterGrid
{
    /// <summary>Trains every cell of <paramref name="rows"/> × <paramref name="columns"/> with <paramref name="train"/> and collects the histories.</summary>
    /// <typeparam name="TRow">The row axis's value type.</typeparam>
    /// <typeparam name="TColumn">The column axis's value type.</typeparam>
    /// <param name="rows">The first hyper-parameter (the table's rows).</param>
    /// <param name="columns">The second hyper-parameter (the table's columns).</param>
    /// <param name="train">Builds and trains the model of one cell; returns its history. Called from several threads at once.</param>
    /// <param name="options">Parallelism, seed, score; the defaults when null.</param>
    /// <returns>Every cell's history and the table.</returns>
    /// <exception cref="ArgumentException">An axis is empty.</exception>
    public static GridResult<TRow, TColumn> Run<TRow, TColumn>(GridAxis<TRow> rows, GridAxis<TColumn> columns,
        Func<GridCell<TRow, TColumn>, History> train, GridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(train);
        options ??= new GridOptions();
        if (rows.Values.Count == 0 || columns.Values.Count == 0)
            throw new ArgumentException($"HyperparameterGrid: both axes need values; '{rows.Name}' has {rows.Values.Count}, '{columns.Name}' has {columns.Values.Count}.");
        if (options.Parallelism < 1) throw new ArgumentOutOfRangeException(nameof(options), $"HyperparameterGrid: Parallelism must be at least 1, got {options.Parallelism}.");

        int nc = columns.Values.Count;
        var cells = new List<GridCell<TRow, TColumn>>();
        for (int r = 0; r < rows.Values.Count; r++)
            for (int c = 0; c < nc; c++)
            {
                long seed = options.Seed + r * nc + c;
                cells.Add(new GridCell<TRow, TColumn>(rows.Values[r], columns.Values[c], r, c, seed, new torch.Generator(seed))
                {
                    Name = $"{rows.Name}={rows.Label(rows.Values[r])}, {columns.Name}={columns.Label(columns.Values[c])}",
                });
            }
        var histories = new History[rows.Values.Count, nc];
        int parallelism = Math.Min(options.Parallelism, cells.Count);

        void RunAll(Action? done)
        {
            if (parallelism == 1)
            {
                // One cell at a time on this thread; still no bar per cell, so the grid's own bar is the only live display.
                bool wasInside = ConsoleEnvironment.t_insideParallelRun;
                ConsoleEnvironment.t_insideParallelRun = true;
                try
                {
                    foreach (var cell in cells)
                    {
                        histories[cell.RowIndex, cell.ColumnIndex] = RunCell(train, cell);
                        done?.Invoke();
                    }
                }
                finally { ConsoleEnvironment.t_insideParallelRun = wasInside; }
                return;
            }
            // Dedicated threads (the caller and parallelism − 1 more) take cells from a shared counter: unlike the thread
            // pool, this gives two trainings at once even while the pool is busy.
            int next = -1;
            var errors = new System.Collections.Concurrent.ConcurrentQueue<ExceptionDispatchInfo>();
            void Worker()
            {
                ConsoleEnvironment.t_insideParallelRun = true;   // no live bar per cell: several would fight over the terminal
                int i;
                while (errors.IsEmpty && (i = Interlocked.Increment(ref next)) < cells.Count)
                {
                    var cell = cells[i];
                    try { histories[cell.RowIndex, cell.ColumnIndex] = RunCell(train, cell); }
                    catch (Exception e) { errors.Enqueue(ExceptionDispatchInfo.Capture(e)); return; }
                    done?.Invoke();
                }
            }
            var threads = Enumerable.Range(1, parallelism - 1)
                .Select(k => new Thread(Worker) { IsBackground = true, Name = $"grid worker {k}" }).ToList();
            foreach (var t in threads) t.Start();
            bool was = ConsoleEnvironment.t_insideParallelRun;
            try { Worker(); }
            finally { ConsoleEnvironment.t_insideParallelRun = was; }
            foreach (var t in threads) t.Join();
            if (errors.TryDequeue(out var first)) first.Throw();
        }

        if (ConsoleEnvironment.WantsBar(options.Progress))
            AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape($"grid {rows.Name} × {columns.Name}: {cells.Count} cells on {parallelism} threads"), maxValue: cells.Count);
                    var gate = new object();
                    RunAll(() => { lock (gate) task.Increment(1); });
                });
        else RunAll(null);
        return new GridResult<TRow, TColumn>(rows, columns, histories, options);
    }

    /// <summary>
    /// Trains one cell with the cell's generator as the thread's default generator, and puts the thread's own
    /// generator back afterwards: a model built with <c>nn.Linear</c> (no generator) gets the same weights whichever
    /// thread runs the cell and whatever that thread ran before. One generator, not two seeded alike: draws from
    /// <c>cell.Generator</c> and from the default continue one stream instead of repeating the same numbers.
    /// </summary>
    static History RunCell<TRow, TColumn>(Func<GridCell<TRow, TColumn>, History> train, GridCell<TRow, TColumn> cell)
    {
        var previous = torch.SwapDefaultGenerator(cell.Generator);
        History? history;
        try { history = train(cell); }
        finally { torch.SwapDefaultGenerator(previous); }
        return history ?? throw new InvalidOperationException($"HyperparameterGrid: the training of cell ({cell.Name}) returned no history.");
    }
}

namespace Edu.Sdk.Training;

/// <summary>
/// One cell of a grid, handed to the function that trains it: the two hyper-parameter values, the cell's position,
/// and a generator and seed of its own. Cells run on two threads at once; each thread has its own default generator,
/// and while a cell runs it is the cell's <see cref="Generator"/>, so a model built with <c>nn.Linear</c> gets the
/// same weights whatever ran beside it or before it (and draws from both continue one stream). Draw from <see cref="Generator"/> (or
/// call <see cref="Initialization.Reset"/>) to make the initialisation explicit, and pass <see cref="Seed"/> to
/// <see cref="FitOptions.Seed"/>: each cell's result then depends on its seed alone.
/// </summary>
/// <typeparam name="TRow">The row axis's value type.</typeparam>
/// <typeparam name="TColumn">The column axis's value type.</typeparam>
/// <param name="Row">The row's value (e.g. the learning rate).</param>
/// <param name="Column">The column's value (e.g. the batch size).</param>
/// <param name="RowIndex">The row's position, from 0.</param>
/// <param name="ColumnIndex">The column's position, from 0.</param>
/// <param name="Seed">The cell's seed: the grid's seed plus the cell's position, row by row.</param>
/// <param name="Generator">A generator seeded with <paramref name="Seed"/>, for this cell only.</param>
public sealed record GridCell<TRow, TColumn>(TRow Row, TColumn Column, int RowIndex, int ColumnIndex, long Seed, torch.Generator Generator)
{
    /// <summary>A name for the cell's run, e.g. <c>learning rate=0.1, batch size=20</c> (for <see cref="FitOptions.Name"/>).</summary>
    public string Name { get; init; } = "";
}

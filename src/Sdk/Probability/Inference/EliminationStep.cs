namespace Edu.Sdk.Probability;

/// <summary>One step of variable elimination: the factors that mention a variable are multiplied, and it is summed out.</summary>
/// <param name="Number">The step's number, from 1.</param>
/// <param name="Eliminated">The variable summed out.</param>
/// <param name="Multiplied">The names of the factors multiplied (CPTs as <c>P(G | s0, D)</c>, earlier messages as <c>τ1(G)</c>).</param>
/// <param name="ProductName">The name of their product, <c>ψk(…)</c>.</param>
/// <param name="Product">The product ψk.</param>
/// <param name="MessageName">The name of the result, <c>τk(…)</c>.</param>
/// <param name="Message">τk = Σ over the eliminated variable of ψk: the intermediate factor passed on.</param>
public sealed record EliminationStep(int Number, Variable Eliminated, IReadOnlyList<string> Multiplied, string ProductName,
    FactorTable Product, string MessageName, FactorTable Message);

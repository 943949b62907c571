using Edu.Sdk.Data;
using Edu.Sdk.Layers;
using Edu.Sdk.Nn;
using Edu.Sdk.Optim;
using static Edu.Sdk.torch;

namespace Edu.Sdk.Training;

/// <summary>
/// Trains models. The static <c>Fit</c> methods run the fit loop on any model (a tape <c>torch.nn</c> module, a
/// generated <c>[Layer]</c>, or a hand-written <see cref="IManualModel"/>); an instance is A5's trainer of MLP and
/// CNN regressors built from a <see cref="NetworkConfiguration"/>.
/// </summary>
/// <remarks>
/// <para>The fit loop: epoch 0 scores the untrained model, then each epoch takes shuffled mini-batches (seeded by
/// <see cref="FitOptions.Seed"/>) through forward, loss, backward and the optimizer's step, and scores the training
/// and validation sets (mean loss; accuracy for classification, mean absolute error for regression). The best epoch's
/// parameters are kept by copy in <see cref="History.Best"/>. The test set is scored only when you call
/// <see cref="History.Test"/>. When a loss or gradient becomes NaN or infinite, training stops and
/// <see cref="History.Divergence"/> says at which epoch and step, which parameter's gradient or which layer's
/// activation blew up, and what to try.</para>
/// <para>A live progress bar per epoch shows the running loss, accuracy and samples/s in an interactive terminal;
/// it stays quiet when output is redirected or the <c>CI</c> environment variable is set.</para>
/// </remarks>
/// <example>
/// Tape model (A3, A5):
/// <code>
/// var model = nn.Sequential(nn.Linear(64, 100), nn.ReLU(), nn.Linear(100, 10));
/// var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
/// var history = Trainer.Fit(model, new CrossEntropyLoss(), optimizer, train, validation,
///                           new FitOptions { Epochs = 5, BatchSize = 64, Seed = 1 });
/// history.SavePlot("curves.svg");
/// Console.WriteLine(history.Test(test));
/// </code>
/// Generated layers (no tape): <c>Trainer.Fit(new Mlp(64, 100, 10), new CrossEntropy(), optimizer, train, validation, options)</c>.
/// Hand-written gradients and a hand-written optimizer (A2): <c>Trainer.Fit(mySoftmaxRegression, mySgd.Step, train, validation, options)</c>.
/// </example>
public sealed partial class Trainer
{
    /// <summary>Trains a tape model: <c>loss(model.forward(x), y).backward()</c>, then <c>optimizer.step()</c>.</summary>
    /// <param name="model">The network (e.g. a <see cref="Sequential"/>).</param>
    /// <param name="loss">The loss module (e.g. <see cref="CrossEntropyLoss"/> with class labels, <see cref="MSELoss"/>).</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="train">The training set.</param>
    /// <param name="validation">The validation set, scored after each epoch; none when null.</param>
    /// <param name="options">Epochs, batch size, seed and the rest; the defaults when null.</param>
    /// <returns>The history of scores, the best epoch's parameters and any divergence report.</returns>
    public static History Fit(Module<Tensor, Tensor> model, Module<Tensor, Tensor, Tensor> loss, Optimizer optimizer,
        Dataset train, Dataset? validation = null, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return FitLoop.Run(new ModuleFitModel(model, loss), () => optimizer.step(), () => optimizer.LearningRate, train, validation, options);
    }

    /// <summary>
    /// Trains a generated <c>[Layer]</c> model without the tape: the model's fused forward, the generated loss
    /// layer's forward and backward, the model's generated backward, then <c>optimizer.step()</c>. Class labels are
    /// turned into one-hot rows for the loss (reused buffers), as generated cross-entropies take them.
    /// </summary>
    /// <param name="model">The generated model, one input (the features).</param>
    /// <param name="loss">The generated loss layer, inputs (output, target).</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="train">The training set.</param>
    /// <param name="validation">The validation set; none when null.</param>
    /// <param name="options">The run's settings; the defaults when null.</param>
    public static History Fit(IGeneratedLayer model, IGeneratedLayer loss, Optimizer optimizer,
        Dataset train, Dataset? validation = null, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        return FitLoop.Run(new LayerFitModel(model, loss, null), () => optimizer.step(), () => optimizer.LearningRate, train, validation, options);
    }

    /// <summary>Trains a generated <c>[Layer]</c> model with a loss given as a function returning the batch's mean loss and its gradient with respect to the output.</summary>
    /// <param name="model">The generated model, one input (the features).</param>
    /// <param name="lossAndGradient">(output, target) → (mean loss, dLoss/dOutput).</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="train">The training set.</param>
    /// <param name="validation">The validation set; none when null.</param>
    /// <param name="options">The run's settings; the defaults when null.</param>
    public static History Fit(IGeneratedLayer model, Func<Tensor, Tensor, (double loss, Tensor gradient)> lossAndGradient, Optimizer optimizer,
        Dataset train, Dataset? validation = null, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(lossAndGradient);
        ArgumentNullException.ThrowIfNull(optimizer);
        return FitLoop.Run(new LayerFitModel(model, null, lossAndGradient), () => optimizer.step(), () => optimizer.LearningRate, train, validation, options);
    }

    /// <summary>Trains a hand-written model (its own forward, loss and backward) with an optimizer.</summary>
    /// <param name="model">The model.</param>
    /// <param name="optimizer">The optimizer over the model's parameters.</param>
    /// <param name="train">The training set.</param>
    /// <param name="validation">The validation set; none when null.</param>
    /// <param name="options">The run's settings; the defaults when null.</param>
    public static History Fit(IManualModel model, Optimizer optimizer, Dataset train, Dataset? validation = null, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return FitLoop.Run(new ManualFitModel(model), () => optimizer.step(), () => optimizer.LearningRate, train, validation, options);
    }

    /// <summary>
    /// Trains a hand-written model with a hand-written update (A2's own SGD or Adam): <paramref name="update"/> runs after
    /// each backward and changes the parameters from their <c>grad</c>.
    /// </summary>
    /// <param name="model">The model.</param>
    /// <param name="update">The optimizer step, e.g. <c>() =&gt; { foreach (var (_, p) in model.named_parameters()) p.sub_(p.grad! * lr); }</c>.</param>
    /// <param name="train">The training set.</param>
    /// <param name="validation">The validation set; none when null.</param>
    /// <param name="options">The run's settings (<see cref="FitOptions.LearningRate"/> puts the rate in divergence reports).</param>
    public static History Fit(IManualModel model, Action update, Dataset train, Dataset? validation = null, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(update);
        return FitLoop.Run(new ManualFitModel(model), update, () => options?.LearningRate, train, validation, options);
    }

    /// <summary>Trains any <see cref="IFitModel"/> with an optimizer.</summary>
    /// <param name="model">The model adapter.</param>
    /// <param name="optimizer">The optimizer over its parameters.</param>
    /// <param name="train">The training set.</param>
    /// <param name="validation">The validation set; none when null.</param>
    /// <param name="options">The run's settings; the defaults when null.</param>
    public static History Fit(IFitModel model, Optimizer optimizer, Dataset train, Dataset? validation = null, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        return FitLoop.Run(model, () => optimizer.step(), () => optimizer.LearningRate, train, validation, options);
    }

    /// <summary>Trains any <see cref="IFitModel"/> with a hand-written update.</summary>
    /// <param name="model">The model adapter.</param>
    /// <param name="update">Changes the parameters from their <c>grad</c>; runs after each backward.</param>
    /// <param name="train">The training set.</param>
    /// <param name="validation">The validation set; none when null.</param>
    /// <param name="options">The run's settings; the defaults when null.</param>
    public static History Fit(IFitModel model, Action update, Dataset train, Dataset? validation = null, FitOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(update);
        return FitLoop.Run(model, update, () => options?.LearningRate, train, validation, options);
    }
}

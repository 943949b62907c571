using Edu.Sdk;
using Edu.Sdk.Data;
using Edu.Sdk.Layers;
using Edu.Sdk.Nn;
using Edu.Sdk.Optim;
using Edu.Sdk.Training;
using static Edu.Sdk.torch;

namespace MlpBackprop;

// The comparison models of A3. [AutogradReference] types get the generator's full backward even in this manual-mode
// project, and code inside them may use the tape and nn modules: everything that computes a gradient for us lives here.

/// <summary>The depth-1 MLP with a generated backward.</summary>
[Layer, AutogradReference]
public partial class GeneratedMlp1
{
    readonly Parameter w1, b1, w2, b2;

    /// <summary>Copies the weights of a depth-1 <see cref="ManualMlp"/>.</summary>
    public GeneratedMlp1(ManualMlp s)
    {
        w1 = new Parameter(s.Weights[0].clone()); b1 = new Parameter(s.Biases[0].clone());
        w2 = new Parameter(s.Weights[1].clone()); b2 = new Parameter(s.Biases[1].clone());
    }

    [Differentiable]
    Tensor Model(Tensor x)
    {
        var h1 = relu(x.matmul(w1) + b1);
        return h1.matmul(w2) + b2;
    }
}

/// <summary>The depth-3 MLP with a generated backward (the generator unrolls no loops: one line per layer).</summary>
[Layer, AutogradReference]
public partial class GeneratedMlp3
{
    readonly Parameter w1, b1, w2, b2, w3, b3, w4, b4;

    /// <summary>Copies the weights of a depth-3 <see cref="ManualMlp"/>.</summary>
    public GeneratedMlp3(ManualMlp s)
    {
        w1 = new Parameter(s.Weights[0].clone()); b1 = new Parameter(s.Biases[0].clone());
        w2 = new Parameter(s.Weights[1].clone()); b2 = new Parameter(s.Biases[1].clone());
        w3 = new Parameter(s.Weights[2].clone()); b3 = new Parameter(s.Biases[2].clone());
        w4 = new Parameter(s.Weights[3].clone()); b4 = new Parameter(s.Biases[3].clone());
    }

    [Differentiable]
    Tensor Model(Tensor x)
    {
        var h1 = relu(x.matmul(w1) + b1);
        var h2 = relu(h1.matmul(w2) + b2);
        var h3 = relu(h2.matmul(w3) + b3);
        return h3.matmul(w4) + b4;
    }
}

/// <summary>Mean softmax cross-entropy against one-hot rows, as a generated layer (softmax and loss fused).</summary>
[Layer, AutogradReference]
public partial class SoftmaxCrossEntropy
{
    [Differentiable]
    static Tensor Loss(Tensor logits, [NonDifferentiable] Tensor target) => -(target * log_softmax(logits, 1)).sum(1).mean();
}

/// <summary>Builds, differentiates and trains the reference models (generated backward; autograd tape).</summary>
[AutogradReference]
public static class References
{
    /// <summary>Whether the generator has a class of this depth (1 or 3: one class per depth, no loops).</summary>
    public static bool HasGenerated(int depth) => depth is 1 or 3;

    /// <summary>A generated-backward copy of <paramref name="source"/>.</summary>
    public static IGeneratedLayer Generated(ManualMlp source) => source.Depth switch
    {
        1 => new GeneratedMlp1(source),
        3 => new GeneratedMlp3(source),
        _ => throw new ArgumentException($"References.Generated: no generated class of depth {source.Depth} (only 1 and 3)."),
    };

    /// <summary>nn.Sequential(Linear, ReLU, …, Linear) with the weights of <paramref name="source"/> (nn.Linear keeps W transposed: out × in).</summary>
    public static Sequential Tape(ManualMlp source)
    {
        var modules = new List<Module<Tensor, Tensor>>();
        for (int l = 0; l < source.Weights.Count; l++)
        {
            var w = source.Weights[l];
            var linear = nn.Linear(w.size(0), w.size(1), dtype: w.dtype);
            using (no_grad())
            {
                linear.weight.copy_(w.T);
                linear.bias!.copy_(source.Biases[l]);
            }
            modules.Add(linear);
            if (l < source.Weights.Count - 1) modules.Add(nn.ReLU());
        }
        return nn.Sequential(modules.ToArray());
    }

    /// <summary>The generated backward's gradients on one batch, in the manual model's order (W₁, b₁, …), W as in × out.</summary>
    public static IReadOnlyList<Tensor> GeneratedGradients(IGeneratedLayer model, Tensor x, Tensor labels)
    {
        var loss = new SoftmaxCrossEntropy();
        model.zero_grad();
        var scores = model.Forward([x]);
        loss.forward(scores, nn.functional.one_hot(labels, scores.size(1)).to(scores.dtype));
        model.Backward(loss.backward(), inputGradients: false);
        return model.parameters().Select(p => p.grad!.clone()).ToList();
    }

    /// <summary>The tape's gradients on one batch (CrossEntropyLoss, then loss.backward()), in the manual model's order and layout.</summary>
    public static IReadOnlyList<Tensor> TapeGradients(Sequential model, Tensor x, Tensor labels)
    {
        model.zero_grad();
        var loss = new CrossEntropyLoss().forward(model.forward(x), labels);
        loss.backward();
        var grads = new List<Tensor>();
        foreach (var linear in model.modules().OfType<Linear>())
        {
            grads.Add(linear.weight.grad!.T.contiguous());
            grads.Add(linear.bias!.grad!.clone());
        }
        return grads;
    }

    /// <summary>Trains the generated copy of <paramref name="source"/> with the generated loss (no tape).</summary>
    public static History FitGenerated(ManualMlp source, Func<IEnumerable<Parameter>, Optimizer> optimizer,
        Dataset train, Dataset? validation, FitOptions options)
    {
        var model = Generated(source);
        return Trainer.Fit(model, new SoftmaxCrossEntropy(), optimizer(model.parameters()), train, validation, options);
    }

    /// <summary>Trains the tape copy of <paramref name="source"/> (nn.Sequential + CrossEntropyLoss + loss.backward()).</summary>
    public static History FitTape(ManualMlp source, Func<IEnumerable<Parameter>, Optimizer> optimizer,
        Dataset train, Dataset? validation, FitOptions options)
    {
        var model = Tape(source);
        return Trainer.Fit(model, new CrossEntropyLoss(), optimizer(model.parameters()), train, validation, options);
    }
}

namespace Edu.Sdk;

// The loss factories, spelled as TorchSharp's: torch.nn.CrossEntropyLoss(), torch.nn.MSELoss(Reduction.Sum), ...
public static partial class torch
{
    public static partial class nn
    {
        /// <summary>Mean squared error; see <see cref="Nn.MSELoss"/>.</summary>
        public static Nn.MSELoss MSELoss(Reduction reduction = Reduction.Mean) => new(reduction);

        /// <summary>Mean absolute error; see <see cref="Nn.L1Loss"/>.</summary>
        public static Nn.L1Loss L1Loss(Reduction reduction = Reduction.Mean) => new(reduction);

        /// <summary>Cross-entropy of logits against class indices or probabilities; see <see cref="Nn.CrossEntropyLoss"/>.</summary>
        public static Nn.CrossEntropyLoss CrossEntropyLoss(Reduction reduction = Reduction.Mean) => new(reduction);

        /// <summary>Negative log-likelihood of log-probabilities; see <see cref="Nn.NLLLoss"/>.</summary>
        public static Nn.NLLLoss NLLLoss(Reduction reduction = Reduction.Mean) => new(reduction);

        /// <summary>Binary cross-entropy of probabilities; see <see cref="Nn.BCELoss"/>.</summary>
        public static Nn.BCELoss BCELoss(Reduction reduction = Reduction.Mean) => new(reduction);
    }
}

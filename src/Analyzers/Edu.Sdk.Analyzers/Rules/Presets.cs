namespace Edu.Sdk.Analyzers.Rules
{
    /// <summary>
    /// The bans of each assignment mode, written in the rules-file syntax (plus <c>category</c> lines, which choose
    /// the diagnostic: EDU0001 tape, EDU0002 modules, EDU0003 generated backwards). A rules file's <c>preset</c>
    /// line includes them; a project's EduAssignment applies its own.
    /// </summary>
    internal static class Presets
    {
        /// <summary>A2, A3: whatever computes a gradient for you is banned; Parameter, its grad, ILayer, optimizers are not.</summary>
        public const string Manual = @"
category tape
ban M:Edu.Sdk.torch.Tensor.backward
ban P:Edu.Sdk.torch.Tensor.requires_grad
ban M:Edu.Sdk.torch.Tensor.requires_grad_
ban P:Edu.Sdk.torch.Tensor.grad_fn
ban N:Edu.Sdk.torch.autograd.*
ban T:Edu.Sdk.Autograd.Node

category modules
ban derived T:Edu.Sdk.Nn.Module
ban T:Edu.Sdk.ModuleExtensions
ban M:Edu.Sdk.torch.nn.Linear
ban M:Edu.Sdk.torch.nn.Conv2d
ban M:Edu.Sdk.torch.nn.MaxPool2d
ban M:Edu.Sdk.torch.nn.AdaptiveMaxPool2d
ban M:Edu.Sdk.torch.nn.Flatten
ban M:Edu.Sdk.torch.nn.ReLU
ban M:Edu.Sdk.torch.nn.Sigmoid
ban M:Edu.Sdk.torch.nn.Tanh
ban M:Edu.Sdk.torch.nn.Softmax
ban M:Edu.Sdk.torch.nn.LogSoftmax
ban M:Edu.Sdk.torch.nn.Identity
ban M:Edu.Sdk.torch.nn.Sequential
ban M:Edu.Sdk.torch.nn.ModuleList
ban M:Edu.Sdk.torch.nn.Layer
ban M:Edu.Sdk.torch.nn.MSELoss
ban M:Edu.Sdk.torch.nn.L1Loss
ban M:Edu.Sdk.torch.nn.CrossEntropyLoss
ban M:Edu.Sdk.torch.nn.NLLLoss
ban M:Edu.Sdk.torch.nn.BCELoss

category generatedbackward
ban generated-backward
ban T:Edu.Sdk.Layers.IGeneratedLayer
ban T:Edu.Sdk.Layers.LayerFunction
ban T:Edu.Sdk.Layers.LayerWorkspace
";

        /// <summary>A4, A5: the tape and nn are the tools; the generator's backwards are not.</summary>
        public const string Autograd = @"
category generatedbackward
ban generated-backward
ban T:Edu.Sdk.Layers.IGeneratedLayer
ban T:Edu.Sdk.Layers.LayerFunction
ban T:Edu.Sdk.Nn.LayerModule
ban M:Edu.Sdk.torch.nn.Layer
";

        /// <summary>No bans.</summary>
        public const string Free = "";

        /// <summary>The preset of a mode (manual, autograd or free).</summary>
        public static string For(string mode) => mode switch
        {
            "manual" => Manual,
            "autograd" => Autograd,
            _ => Free,
        };
    }
}

using Edu.Sdk.Nn;

namespace Edu.Sdk;

// The layer factories, spelled as TorchSharp's: torch.nn.Linear(784, 100), torch.nn.ReLU(), ...
public static partial class torch
{
    public static partial class nn
    {
        /// <summary>A fully connected layer y = x·Wᵀ + b, W of shape (outputSize, inputSize); see <see cref="Nn.Linear"/>.</summary>
        /// <param name="inputSize">in_features.</param>
        /// <param name="outputSize">out_features.</param>
        /// <param name="hasBias">False for no bias.</param>
        /// <param name="dtype">Float32 (the default dtype when null) or Float64.</param>
        public static Nn.Linear Linear(long inputSize, long outputSize, bool hasBias = true, ScalarType? dtype = null) =>
            new(inputSize, outputSize, hasBias, dtype);

        /// <summary>A 2-d convolution with a square kernel; see <see cref="Nn.Conv2d"/>.</summary>
        /// <param name="in_channels">Input channels.</param>
        /// <param name="out_channels">Output channels (filters).</param>
        /// <param name="kernelSize">The kernel's height and width.</param>
        /// <param name="stride">The step between windows.</param>
        /// <param name="padding">Zeros added on each side.</param>
        /// <param name="bias">False for no bias.</param>
        /// <param name="dtype">Float32 (the default dtype when null) or Float64.</param>
        public static Nn.Conv2d Conv2d(long in_channels, long out_channels, long kernelSize, long stride = 1, long padding = 0,
            bool bias = true, ScalarType? dtype = null) =>
            new(in_channels, out_channels, (kernelSize, kernelSize), (stride, stride), (padding, padding), bias, dtype);

        /// <summary>A 2-d convolution with (height, width) sizes; see <see cref="Nn.Conv2d"/>.</summary>
        /// <param name="in_channels">Input channels.</param>
        /// <param name="out_channels">Output channels (filters).</param>
        /// <param name="kernelSize">(kH, kW).</param>
        /// <param name="stride">(sH, sW); (1, 1) when null.</param>
        /// <param name="padding">(pH, pW); (0, 0) when null.</param>
        /// <param name="bias">False for no bias.</param>
        /// <param name="dtype">Float32 (the default dtype when null) or Float64.</param>
        public static Nn.Conv2d Conv2d(long in_channels, long out_channels, (long, long) kernelSize, (long, long)? stride = null,
            (long, long)? padding = null, bool bias = true, ScalarType? dtype = null) =>
            new(in_channels, out_channels, kernelSize, stride ?? (1, 1), padding ?? (0, 0), bias, dtype);

        /// <summary>2-d max pooling over square windows; see <see cref="Nn.MaxPool2d"/>.</summary>
        /// <param name="kernel_size">The window's height and width.</param>
        /// <param name="stride">The step; <paramref name="kernel_size"/> when null.</param>
        /// <param name="padding">−∞ added on each side.</param>
        public static Nn.MaxPool2d MaxPool2d(long kernel_size, long? stride = null, long padding = 0) =>
            new((kernel_size, kernel_size), stride is { } s ? (s, s) : null, (padding, padding));

        /// <summary>2-d max pooling with (height, width) sizes; see <see cref="Nn.MaxPool2d"/>.</summary>
        /// <param name="kernel_size">(kH, kW).</param>
        /// <param name="stride">(sH, sW); <paramref name="kernel_size"/> when null.</param>
        /// <param name="padding">(pH, pW); (0, 0) when null.</param>
        public static Nn.MaxPool2d MaxPool2d((long, long) kernel_size, (long, long)? stride = null, (long, long)? padding = null) =>
            new(kernel_size, stride, padding ?? (0, 0));

        /// <summary>Max pooling to an (OH, OW) output whatever the input size; see <see cref="Nn.AdaptiveMaxPool2d"/>.</summary>
        public static Nn.AdaptiveMaxPool2d AdaptiveMaxPool2d((long, long) output_size) => new(output_size);

        /// <summary>Max pooling to a square output of side <paramref name="output_size"/>.</summary>
        public static Nn.AdaptiveMaxPool2d AdaptiveMaxPool2d(long output_size) => new((output_size, output_size));

        /// <summary>Max pooling to an output of size [OH, OW] (TorchSharp's array form; one element for a square).</summary>
        public static Nn.AdaptiveMaxPool2d AdaptiveMaxPool2d(long[] output_size)
        {
            ArgumentNullException.ThrowIfNull(output_size);
            return output_size.Length switch
            {
                1 => new((output_size[0], output_size[0])),
                2 => new((output_size[0], output_size[1])),
                _ => throw new ArgumentException($"AdaptiveMaxPool2d: output_size needs 1 or 2 elements, got {output_size.Length}.", nameof(output_size)),
            };
        }

        /// <summary>Flattens dims <paramref name="startDim"/>..<paramref name="endDim"/> (by default all but the batch dim); see <see cref="Nn.Flatten"/>.</summary>
        public static Nn.Flatten Flatten(long startDim = 1, long endDim = -1) => new(startDim, endDim);

        /// <summary>max(x, 0), element-wise.</summary>
        public static Nn.ReLU ReLU() => new();

        /// <summary>1 / (1 + e⁻ˣ), element-wise.</summary>
        public static Nn.Sigmoid Sigmoid() => new();

        /// <summary>tanh(x), element-wise.</summary>
        public static Nn.Tanh Tanh() => new();

        /// <summary>Softmax along <paramref name="dim"/>.</summary>
        public static Nn.Softmax Softmax(long dim) => new(dim);

        /// <summary>log(softmax(x)) along <paramref name="dim"/>.</summary>
        public static Nn.LogSoftmax LogSoftmax(long dim) => new(dim);

        /// <summary>Returns its input unchanged.</summary>
        public static Nn.Identity Identity() => new();

        /// <summary>An empty <see cref="Nn.Sequential"/>; add modules with <c>append</c>.</summary>
        public static Nn.Sequential Sequential() => new(Array.Empty<Module<Tensor, Tensor>>());

        /// <summary>The modules applied in order, named 0, 1, ...: <c>Sequential(Linear(784, 100), ReLU(), Linear(100, 10))</c>.</summary>
        public static Nn.Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);

        /// <summary>The modules applied in order, under the given names: <c>Sequential(("fc1", Linear(784, 100)), ("relu", ReLU()))</c>.</summary>
        public static Nn.Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);

        /// <summary>The modules applied in order, named 0, 1, ...</summary>
        public static Nn.Sequential Sequential(IEnumerable<Module<Tensor, Tensor>> modules) => new(modules);

        /// <summary>
        /// A generated layer as a module, to put in <see cref="Nn.Sequential"/> or hold in a module's field:
        /// <c>nn.Sequential(nn.Flatten(), nn.Layer(new Mlp(784, 100, 10)))</c>. Its forward is one tape node running the
        /// layer's fused code and generated backward; see <see cref="LayerModule"/>.
        /// </summary>
        /// <param name="layer">A generated layer with one differentiable input.</param>
        public static LayerModule Layer(Layers.IGeneratedLayer layer) => new(layer);

        /// <summary>A list of modules whose parameters belong to the module holding it; see <see cref="ModuleList{T}"/>.</summary>
        public static ModuleList<T> ModuleList<T>(params T[] modules) where T : Module => new(modules);
    }
}

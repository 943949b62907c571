using Edu.Sdk.Tensors;

namespace Edu.Sdk;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Parameter initialisation, as in <c>torch.nn.init</c>: every function fills its tensor in place, without
        /// recording (it runs under <c>no_grad</c>), draws from the <c>generator</c> argument or the calling
        /// thread's default generator (<c>torch.manual_seed</c>), and returns the tensor.
        /// </summary>
        public static class init
        {
            /// <summary>Which fan the Kaiming functions scale by, as in TorchSharp.</summary>
            public enum FanInOut
            {
                /// <summary>The number of inputs of each output unit: keeps the forward signal's variance.</summary>
                FanIn,
                /// <summary>The number of outputs of each input unit: keeps the backward gradient's variance.</summary>
                FanOut,
            }

            /// <summary>The non-linearity that follows a layer, for <see cref="calculate_gain"/>.</summary>
            public enum NonlinearityType
            {
                /// <summary>No activation: gain 1.</summary>
                Linear,
                /// <summary>A 1-d convolution: gain 1.</summary>
                Conv1D,
                /// <summary>A 2-d convolution: gain 1.</summary>
                Conv2D,
                /// <summary>A 3-d convolution: gain 1.</summary>
                Conv3D,
                /// <summary>Sigmoid: gain 1.</summary>
                Sigmoid,
                /// <summary>Tanh: gain 5/3.</summary>
                Tanh,
                /// <summary>ReLU: gain √2.</summary>
                ReLU,
                /// <summary>Leaky ReLU with negative slope a (default 0.01): gain √(2 / (1 + a²)).</summary>
                LeakyReLU,
                /// <summary>SELU: gain 3/4.</summary>
                SELU,
            }

            /// <summary>
            /// The recommended scale of a layer's weights for the activation that follows it (PyTorch's table):
            /// the factor that keeps the variance of the signal through the layer and the activation.
            /// </summary>
            /// <param name="nonlinearity">The activation.</param>
            /// <param name="param">The negative slope of <see cref="NonlinearityType.LeakyReLU"/> (0.01 when null).</param>
            public static double calculate_gain(NonlinearityType nonlinearity, double? param = null) => nonlinearity switch
            {
                NonlinearityType.Tanh => 5.0 / 3,
                NonlinearityType.ReLU => Math.Sqrt(2.0),
                NonlinearityType.LeakyReLU => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
                NonlinearityType.SELU => 3.0 / 4,
                _ => 1.0,
            };

            /// <summary>Fills <paramref name="tensor"/> with draws from U(<paramref name="low"/>, <paramref name="high"/>).</summary>
            public static Tensor uniform_(Tensor tensor, double low = 0, double high = 1, Generator? generator = null)
            {
                using (no_grad()) return tensor.uniform_(low, high, generator);
            }

            /// <summary>Fills <paramref name="tensor"/> with draws from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
            {
                using (no_grad()) return tensor.normal_(mean, std, generator);
            }

            /// <summary>Fills <paramref name="tensor"/> with <paramref name="val"/>.</summary>
            public static Tensor constant_(Tensor tensor, double val)
            {
                using (no_grad()) return tensor.fill_(val);
            }

            /// <summary>Fills <paramref name="tensor"/> with zeros.</summary>
            public static Tensor zeros_(Tensor tensor) => constant_(tensor, 0);

            /// <summary>Fills <paramref name="tensor"/> with ones.</summary>
            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);

            /// <summary>
            /// Glorot and Bengio (2010): U(−a, a) with a = gain · √(6 / (fan_in + fan_out)), so that the variance
            /// gain² · 2 / (fan_in + fan_out) balances the forward and the backward pass.
            /// </summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1.0, Generator? generator = null)
            {
                var (fanIn, fanOut) = Fans("xavier_uniform_", tensor);
                double a = Math.Sqrt(3.0) * gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                return uniform_(tensor, -a, a, generator);
            }

            /// <summary>Glorot and Bengio (2010): N(0, std²) with std = gain · √(2 / (fan_in + fan_out)).</summary>
            public static Tensor xavier_normal_(Tensor tensor, double gain = 1.0, Generator? generator = null)
            {
                var (fanIn, fanOut) = Fans("xavier_normal_", tensor);
                return normal_(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), generator);
            }

            /// <summary>
            /// He et al. (2015): U(−b, b) with b = √3 · gain / √fan, gain = calculate_gain(nonlinearity, a), so the
            /// variance is gain² / fan. <c>a = √5</c> with the default leaky-ReLU gain gives b = 1/√fan_in, the
            /// default initialisation of Linear and Conv2d.
            /// </summary>
            /// <param name="tensor">At least 2-d: (out, in, ...).</param>
            /// <param name="a">The negative slope of the leaky ReLU that follows (0 for ReLU).</param>
            /// <param name="mode">Scale by fan_in (the default, keeps the forward variance) or fan_out.</param>
            /// <param name="nonlinearity">The activation that follows (ReLU or LeakyReLU are the usual ones).</param>
            /// <param name="generator">The random source; the default generator when null.</param>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn,
                NonlinearityType nonlinearity = NonlinearityType.LeakyReLU, Generator? generator = null)
            {
                double std = KaimingStd("kaiming_uniform_", tensor, a, mode, nonlinearity);
                double bound = Math.Sqrt(3.0) * std;
                return uniform_(tensor, -bound, bound, generator);
            }

            /// <summary>He et al. (2015): N(0, std²) with std = gain / √fan; see <see cref="kaiming_uniform_"/>.</summary>
            /// <param name="tensor">At least 2-d: (out, in, ...).</param>
            /// <param name="a">The negative slope of the leaky ReLU that follows (0 for ReLU).</param>
            /// <param name="mode">Scale by fan_in (the default) or fan_out.</param>
            /// <param name="nonlinearity">The activation that follows.</param>
            /// <param name="generator">The random source; the default generator when null.</param>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn,
                NonlinearityType nonlinearity = NonlinearityType.LeakyReLU, Generator? generator = null) =>
                normal_(tensor, 0, KaimingStd("kaiming_normal_", tensor, a, mode, nonlinearity), generator);

            static double KaimingStd(string op, Tensor tensor, double a, FanInOut mode, NonlinearityType nonlinearity)
            {
                var (fanIn, fanOut) = Fans(op, tensor);
                long fan = mode == FanInOut.FanIn ? fanIn : fanOut;
                return calculate_gain(nonlinearity, a) / Math.Sqrt(fan);
            }

            /// <summary>
            /// PyTorch's fans: for a weight of shape (out, in, k₁, k₂, ...), the receptive field r = k₁·k₂·…,
            /// fan_in = in · r and fan_out = out · r.
            /// </summary>
            internal static (long FanIn, long FanOut) Fans(string op, Tensor tensor)
            {
                if (tensor.dim() < 2)
                    throw new ArgumentException($"{op}: fan in and fan out need a tensor of at least 2 dimensions (out, in, ...), got shape ({tensor.ShapeText}).");
                long receptive = 1;
                for (int i = 2; i < tensor.dim(); i++) receptive *= tensor.size(i);
                long fanIn = tensor.size(1) * receptive, fanOut = tensor.size(0) * receptive;
                if (fanIn == 0 || fanOut == 0)
                    throw new ArgumentException($"{op}: the tensor of shape ({tensor.ShapeText}) has a zero fan; there is nothing to scale by.");
                return (fanIn, fanOut);
            }
        }
    }
}

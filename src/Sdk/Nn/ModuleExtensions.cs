using Edu.Sdk.Nn;

namespace Edu.Sdk;

/// <summary>
/// Module methods that return the module with its own type, so that
/// <c>var model = torch.nn.Linear(3, 1).to(float64);</c> is still a <see cref="Linear"/>. They live in the
/// <c>Edu.Sdk</c> namespace (beside <c>torch</c>, as TorchSharp's do) so they are in scope wherever <c>torch</c> is.
/// </summary>
public static class ModuleExtensions
{
    /// <summary>
    /// Converts the module's parameters (and gradients) to <paramref name="type"/> and returns the module. Each
    /// parameter is replaced by a new one of that dtype where the module holds it: build optimizers after this call.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="type"/> is not Float32 or Float64.</exception>
    public static T to<T>(this T module, ScalarType type) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        module.ConvertParameters(type);
        return module;
    }
}

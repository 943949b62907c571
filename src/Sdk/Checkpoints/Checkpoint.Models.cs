using Edu.Sdk.Layers;
using Edu.Sdk.Nn;
using Edu.Sdk.Optim;

namespace Edu.Sdk.Checkpoints;

public static partial class Checkpoint
{
    /// <summary>Writes <paramref name="model"/>'s parameters under their dotted names, and <paramref name="optimizer"/>'s state if given.</summary>
    public static void Save(string path, Module model, Optimizer? optimizer = null) => Save(path, Named(model), optimizer);

    /// <summary>Restores <paramref name="model"/>'s parameters (and <paramref name="optimizer"/>'s state if given); all checked before any is written.</summary>
    public static void Load(string path, Module model, Optimizer? optimizer = null) => Load(path, Named(model), optimizer);

    /// <summary>Writes a generated or hand-written layer's parameters, and <paramref name="optimizer"/>'s state if given.</summary>
    public static void Save(string path, ILayer layer, Optimizer? optimizer = null) => Save(path, Named(layer), optimizer);

    /// <summary>Restores a generated or hand-written layer's parameters (and <paramref name="optimizer"/>'s state if given).</summary>
    public static void Load(string path, ILayer layer, Optimizer? optimizer = null) => Load(path, Named(layer), optimizer);

    static IEnumerable<(string Name, torch.Tensor Value)> Named(Module model) =>
        model.named_parameters().Select(p => (p.name, (torch.Tensor)p.parameter));

    static IEnumerable<(string Name, torch.Tensor Value)> Named(ILayer layer) =>
        layer.named_parameters().Select(p => (p.name, (torch.Tensor)p.parameter));
}

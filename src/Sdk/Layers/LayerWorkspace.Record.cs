using static Edu.Sdk.torch;

namespace Edu.Sdk.Layers;

public sealed partial class LayerWorkspace
{
    // What the latest training forward kept, and how forwards and backwards have alternated since.
    Tensor? _output;
    int _forwards, _forwardsSinceBackward, _backwardsSinceForward;

    /// <summary>
    /// How many training forwards this layer has run. A tape node over the layer (<see cref="LayerFunction"/>) notes it
    /// when recorded and compares it when going back: another forward since then replaced the values it needs.
    /// </summary>
    public int Forwards => _forwards;

    /// <summary>
    /// Ends a training forward whose result is <paramref name="output"/>: from now on, what the layer keeps is this
    /// forward's, and its backward takes a dL/dy of this shape.
    /// </summary>
    public void EndForward(Tensor output)
    {
        _output = output;
        _forwards++;
        // A forward after a backward starts a new step; forwards in a row (a throw-away forward, or one layer object
        // called twice) add up until the next backward.
        _forwardsSinceBackward = _backwardsSinceForward > 0 ? 1 : _forwardsSinceBackward + 1;
        _backwardsSinceForward = 0;
    }

    /// <summary>
    /// Starts the backward of <paramref name="layer"/>: a training forward must have kept its values, and dL/dy must
    /// have the shape of that forward's result, as the tape requires.
    /// </summary>
    /// <remarks>
    /// One layer object used in two places in a model (two fields holding it, or one sub-layer given to two others)
    /// runs forward twice and then backward twice, and the second backward would read the values of the second
    /// forward: a wrong gradient, so it is refused. A layer used once does not see that order: a backward twice after one
    /// forward is fine, and so is a throw-away forward before the real one, with one backward.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No training forward ran, or the values kept belong to another call.</exception>
    /// <exception cref="ArgumentException">dL/dy's shape is not the result's.</exception>
    public void BeginBackward(string layer, Tensor dL_dy)
    {
        if (_output is null)
            throw new InvalidOperationException($"{layer}.backward: run forward (in training mode) first; backward reads the values it kept.");
        if (!dL_dy.Dims.SequenceEqual(_output.Dims))
            throw new ArgumentException(
                $"{layer}.backward: the gradient has shape ({dL_dy.ShapeText}) but the output has shape ({_output.ShapeText}); they must match.");
        if (_forwardsSinceBackward > 1 && _backwardsSinceForward > 0)
            throw new InvalidOperationException(
                $"{layer}.backward: this layer ran forward {_forwardsSinceBackward} times before its backwards, and a generated layer keeps the values of its latest forward only, so this second backward would read the latest forward's values for another call. " +
                "Most likely one layer object is used in two places of a model (two fields holding it, or one sub-layer given to two layers): give each place its own layer object. " +
                "To go back through one forward twice, run no other forward before it.");
        _backwardsSinceForward++;
    }
}

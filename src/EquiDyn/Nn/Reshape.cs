using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>Reshapes every sample (the batch axis is kept): e.g. [b, 64, 7, 7] → [b, 64, 49] before a dense head.</summary>
/// <remarks>A reshape only relabels coordinates, so it commutes with any action that permutes sites consistently.</remarks>
public sealed class Reshape : nn.Module<Tensor, Tensor>
{
    private readonly long[] _sampleShape;

    /// <summary>Creates the stage; <paramref name="sampleShape"/> excludes the batch axis.</summary>
    public Reshape(params long[] sampleShape) : base("reshape") => _sampleShape = sampleShape;

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => input.reshape(new[] { input.shape[0] }.Concat(_sampleShape).ToArray());
}

using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Symmetry;
using static TorchSharp.torch;

namespace EquiDyn.Ensembles;

/// <summary>
/// The group's action ρ̄_g on the layers of a network, A_k ↦ ρ̄_g A_k, as one permutation of each layer's block entries
/// per group element (every group of the paper permutes entries: kernel taps, grid sites).
/// </summary>
/// <remarks>
/// For a network built from layers equivariant under the fixed stages (the C4 CNN), f_{ρ̄_g A}(ρ(g)x) = ρ'(g) f_A(x): the
/// orbit {ρ̄_g A : g ∈ G} is the set of rotated copies of one network, and the mean of its outputs is exactly
/// invariant. The permutations of every layer come from the same listing of the same group, so element i acts on all
/// layers consistently.
/// </remarks>
public sealed class NetworkGroupAction
{
    private readonly long[][][] _permutations; // [layer][element][entry]: new[..., e] = old[..., p[e]]

    /// <summary>Creates the action from each layer's action on its block entries (one <see cref="SiteAction"/> per layer,
    /// all of one group).</summary>
    public NetworkGroupAction(IReadOnlyList<SiteAction> entryActions)
    {
        if (entryActions.Count == 0) throw new ArgumentException("a network has at least one layer", nameof(entryActions));
        var group = entryActions[0].Group;
        if (entryActions.Any(a => !a.Group.Equals(group)))
            throw new ArgumentException("every layer's action must be of the same group", nameof(entryActions));
        _permutations = entryActions.Select(a => a.ElementPermutations.Select(p => p.Select(x => (long)x).ToArray()).ToArray()).ToArray();
        Order = _permutations[0].Length;
    }

    /// <summary>|G|.</summary>
    public int Order { get; }

    /// <summary>C4 on the C4 CNN of <see cref="RotationConvNet"/> (three 3×3 convolutions and the head from the
    /// (n/4)² grid), for input side <paramref name="imageSize"/>.</summary>
    public static NetworkGroupAction ForRotationConvNet(int imageSize)
    {
        var c4 = new CyclicGroup(4);
        var kernel = LayerSpace.Kernel(c4.OnKernelTaps()).EntryAction;
        var head = LayerSpace.Dense(c4.OnGrid(imageSize / 4), SiteAction.Trivial(c4, 1)).EntryAction;
        return new NetworkGroupAction(new[] { kernel, kernel, kernel, head });
    }

    /// <summary>ρ̄_g of per-layer blocks [C_out, C_in, D] for element index <paramref name="element"/>.</summary>
    public Tensor[] Apply(int element, IReadOnlyList<Tensor> blocks)
    {
        if (blocks.Count != _permutations.Length)
            throw new ArgumentException($"{blocks.Count} layers, the action has {_permutations.Length}", nameof(blocks));
        return blocks.Select((b, k) => b.index_select(-1, tensor(_permutations[k][element]))).ToArray();
    }

    /// <summary>Loads Π_L ρ̄_g A (A: <paramref name="source"/>'s weights) into <paramref name="target"/>, a network of the
    /// same architecture. When L is invariant Π_L ρ̄_g A = ρ̄_g A: the target is the rotated copy of the source; when it
    /// is not (the skew support), ρ̄_g A leaves L and the projection is the nearest admissible network.</summary>
    public void LoadTransformed(StructuredNetwork target, StructuredNetwork source, int element)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var moved = Apply(element, source.Layers.Select(l => l.WeightBlocks().to_type(ScalarType.Float64)).ToList());
        for (int k = 0; k < target.Layers.Count; k++)
            target.Layers[k].LoadWeightBlocks(target.Layers[k].Geometry.Admissible.Project(moved[k]));
    }
}

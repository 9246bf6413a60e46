using EquiDyn.Symmetry;

namespace EquiDyn.Training;

/// <summary>Builds <see cref="DataGroupAction"/>s from the exact symmetry layer's site actions.</summary>
/// <remarks>
/// The symmetry layer's convention is (ρ(g)x)[g·s] = x[s], so (ρ(g)x)[t] = x[g⁻¹·t]: the data permutation of g is the
/// inverse of its site permutation. Inputs and equivariant targets always receive the same element.
/// </remarks>
public static class DataGroupActions
{
    /// <summary>All elements of a listable group acting on the input sites and, for equivariant targets, on the
    /// target sites (pass null for invariant targets such as class labels).</summary>
    /// <exception cref="ArgumentException">The group is too large to list, or the actions belong to different groups.</exception>
    public static DataGroupAction FromSiteActions(SiteAction input, SiteAction? target = null)
    {
        var group = input.Group;
        if (target is not null && !target.Group.Equals(group))
            throw new ArgumentException($"input and target actions belong to different groups ({group.Name}, {target.Group.Name})");
        if (!group.IsListable)
            throw new ArgumentException($"{group.Name} has {group.Order} elements, too many to list; use a uniform sampler");
        var elements = group.Elements.Select(g => new DataElement(
            InverseAsLong(input.Permutation(g)), target is null ? null : InverseAsLong(target.Permutation(g)))).ToList();
        return new DataGroupAction(group.Name, elements);
    }

    /// <summary>C4 rotating n×n images (every channel alike); targets (class labels) invariant.</summary>
    public static DataGroupAction ImageRotations(int imageSize) => FromSiteActions(new CyclicGroup(4).OnGrid(imageSize));

    /// <summary>S_n relabelling the nodes of graphs, acting on adjacency matrices (n² sites, entry n·i + j) by
    /// A ↦ PAPᵀ; elements are drawn uniformly by Fisher–Yates, never listed. Targets are invariant.</summary>
    public static DataGroupAction NodeRelabelling(int nodes) => new($"S{nodes}", rng =>
    {
        var pi = rng.Permutation(nodes);
        var sites = new long[nodes * nodes];
        for (int i = 0; i < nodes; i++)
        for (int j = 0; j < nodes; j++)
            sites[nodes * pi[i] + pi[j]] = nodes * i + j; // (PAPᵀ)[π i, π j] = A[i, j]
        return new DataElement(sites, null);
    });

    /// <summary>Z_n×Z_n cyclically translating n×n images (every channel alike; all n² elements listed); targets
    /// (class labels) invariant.</summary>
    public static DataGroupAction ImageTranslations(int imageSize) => FromSiteActions(TranslationGroup.Planar(imageSize).OnGrid());

    /// <summary>Z_n cyclically translating n×n images along x (columns; all n elements listed); targets invariant.</summary>
    public static DataGroupAction ImageTranslationsAlongX(int imageSize) => FromSiteActions(TranslationGroup.AlongX(imageSize).OnGrid());

    /// <summary>Z_n²⋊C4 translating and rotating n×n images (all 4n² elements listed); targets invariant.</summary>
    public static DataGroupAction ImageRotoTranslations(int imageSize) => FromSiteActions(new RotoTranslationGroup(imageSize).OnGrid());

    /// <summary>C4 rotating n×n images and their n×n segmentation masks with the same element (every channel of both
    /// alike): the equivariant segmentation task of docs/experiments/rotation.md.</summary>
    public static DataGroupAction MaskedImageRotations(int imageSize)
    {
        var c4 = new CyclicGroup(4);
        return FromSiteActions(c4.OnGrid(imageSize), c4.OnGrid(imageSize));
    }

    private static long[] InverseAsLong(int[] p)
    {
        var inverse = new long[p.Length];
        for (int s = 0; s < p.Length; s++) inverse[p[s]] = s;
        return inverse;
    }
}

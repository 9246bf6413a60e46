using EquiDyn.Symmetry;

namespace EquiDyn.Training;

/// <summary>Builds <see cref="DataGroupAction"/>s from the exact symmetry layer's site actions.</summary>
/// <remarks>
/// The symmetry layer's convention is (ρ(g)x)[g·s] = x[s], so (ρ(g)x)[t] = x[g⁻¹·t]: the data permutation of g is the
/// inverse of its site permutation. A class label y is the one-hot vector e_y on the class sites, and ρ(g)e_y = e_{g·y}:
/// labels move by the site permutation itself. Inputs and equivariant targets always receive the same element.
/// </remarks>
public static class DataGroupActions
{
    /// <summary>All elements of a listable group acting on the input sites and, for equivariant targets, on the
    /// target sites (pass null for invariant targets such as class labels), or on the classes: <paramref name="classes"/>
    /// is the group's action on the classes as sites (class c is site c; g·y = the image of site y).</summary>
    /// <exception cref="ArgumentException">The group is too large to list, the actions belong to different groups, or
    /// both a target and a class action are given.</exception>
    public static DataGroupAction FromSiteActions(SiteAction input, SiteAction? target = null, SiteAction? classes = null)
    {
        var group = input.Group;
        foreach (var other in new[] { target, classes })
            if (other is not null && !other.Group.Equals(group))
                throw new ArgumentException($"input and target actions belong to different groups ({group.Name}, {other.Group.Name})");
        if (target is not null && classes is not null)
            throw new ArgumentException("targets are either arrays of sites or class labels, not both");
        if (!group.IsListable)
            throw new ArgumentException($"{group.Name} has {group.Order} elements, too many to list; use a uniform sampler");
        var elements = group.Elements.Select(g => Element(g, input, target, classes)).ToList();
        return new DataGroupAction(group.Name, elements);
    }

    /// <summary>One element's action on the data: inputs (and target sites) by the inverse site permutation, classes by
    /// the site permutation itself.</summary>
    public static DataElement Element(GroupElement g, SiteAction input, SiteAction? target = null, SiteAction? classes = null) =>
        new(InverseAsLong(input.Permutation(g)), target is null ? null : InverseAsLong(target.Permutation(g)),
            classes?.Permutation(g).Select(c => (long)c).ToArray());

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

namespace EquiDyn.Symmetry;

/// <summary>An action of a <see cref="FiniteGroup"/> on a finite set of sites (pixels, nodes, kernel taps, labels…).</summary>
/// <remarks>
/// <para>
/// Given by one site permutation per generator: generator k of <see cref="Group"/> acts by <see cref="GeneratorImages"/>[k],
/// site s ↦ images[s]. The same group may act on several site sets (C4 on 28×28 input pixels, on 14×14 hidden pixels,
/// on 3×3 kernel taps, trivially on class labels); generator k means the same group element in all of them.
/// </para>
/// <para>
/// On a feature vector x over sites, ρ(g) moves values with the sites: (ρ(g)x)[g·s] = x[s]. ρ(g) is a permutation matrix,
/// hence orthogonal, and ρ(gh) = ρ(g)ρ(h). The constructor checks that every generator image is a permutation of
/// <see cref="SiteCount"/> sites and that the images define a homomorphism (every relator of the group's presentation
/// acts as the identity; for user-defined groups, the Cayley graph is consistent), naming the generator or relation at fault.
/// </para>
/// </remarks>
public sealed class SiteAction
{
    /// <summary>Work budget (elements × sites) for verifying a user-defined group's action by walking its Cayley graph.</summary>
    private const long ClosureCheckBudget = 20_000_000;

    private readonly int[][] _images;
    private readonly int[][] _inverseImages;
    private int[][]? _elementPermutations;

    /// <summary>Builds and validates an action from one site permutation per generator of <paramref name="group"/>.</summary>
    /// <param name="group">The acting group.</param>
    /// <param name="siteCount">Number of sites (at least 1).</param>
    /// <param name="generatorImages">For each generator k, the image of every site: s ↦ generatorImages[k][s].</param>
    /// <param name="name">A description used in messages, e.g. "rotation of a 28×28 grid".</param>
    /// <exception cref="ArgumentException">When an image is not a permutation of the sites or the images violate a relation.</exception>
    public SiteAction(FiniteGroup group, int siteCount, IReadOnlyList<int[]> generatorImages, string? name = null)
        : this(group, siteCount, generatorImages, name, validate: true)
    {
    }

    internal SiteAction(FiniteGroup group, int siteCount, IReadOnlyList<int[]> generatorImages, string? name, bool validate)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(generatorImages);
        Group = group;
        Name = name ?? $"action of {group.Name} on {siteCount} sites";
        if (siteCount <= 0) throw new ArgumentOutOfRangeException(nameof(siteCount), siteCount, $"{Name}: needs at least one site.");
        SiteCount = siteCount;
        if (generatorImages.Count != group.GeneratorCount)
            throw new ArgumentException(
                $"{Name}: {group.Name} has {group.GeneratorCount} generator(s) ({string.Join(", ", group.GeneratorNames)}), but {generatorImages.Count} image(s) were given.",
                nameof(generatorImages));
        _images = new int[generatorImages.Count][];
        for (int k = 0; k < generatorImages.Count; k++)
        {
            if (validate)
            {
                var problem = Permutations.Problem(generatorImages[k], siteCount);
                if (problem is not null)
                    throw new ArgumentException($"{Name}: generator '{group.GeneratorNames[k]}' of {group.Name} is not a permutation of {siteCount} sites: {problem}.", nameof(generatorImages));
            }
            _images[k] = (int[])generatorImages[k].Clone();
        }
        _inverseImages = _images.Select(Permutations.Inverse).ToArray();
        if (validate) CheckHomomorphism();
    }

    /// <summary>The trivial action: every element fixes every site (class labels, invariant features).</summary>
    public static SiteAction Trivial(FiniteGroup group, int siteCount, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (siteCount <= 0) throw new ArgumentOutOfRangeException(nameof(siteCount), siteCount, "The trivial action needs at least one site.");
        var identity = Permutations.Identity(siteCount);
        return new SiteAction(group, siteCount, Enumerable.Repeat(identity, group.GeneratorCount).ToArray(),
            name ?? $"trivial action of {group.Name} on {siteCount} site(s)", validate: false);
    }

    /// <summary>The acting group.</summary>
    public FiniteGroup Group { get; }

    /// <summary>Number of sites.</summary>
    public int SiteCount { get; }

    /// <summary>A description used in reports and messages.</summary>
    public string Name { get; }

    /// <summary>Site images per generator: generator k sends site s to GeneratorImages[k][s].</summary>
    public IReadOnlyList<IReadOnlyList<int>> GeneratorImages => _images;

    /// <summary>Whether every generator fixes every site.</summary>
    public bool IsTrivial => _images.All(Permutations.IsIdentity);

    /// <summary>The site permutation of an element: site s ↦ result[s] (evaluated from the element's word).</summary>
    public int[] Permutation(GroupElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (!Group.Equals(element.Group)) throw new ArgumentException($"{element} is an element of {element.Group.Name}, but {Name} is an action of {Group.Name}.", nameof(element));
        return Permutations.EvaluateWord(element.Word, _images, _inverseImages, SiteCount);
    }

    /// <summary>Site permutations of all elements, aligned with <see cref="FiniteGroup.Elements"/> (listable groups only).</summary>
    public IReadOnlyList<int[]> ElementPermutations => _elementPermutations ??= ComputeElementPermutations();

    /// <summary>ρ(g)x: moves the value at site s to site g·s.</summary>
    public double[] Apply(GroupElement element, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != SiteCount) throw new ArgumentException($"Expected {SiteCount} values, got {values.Count}.", nameof(values));
        var p = Permutation(element);
        var result = new double[SiteCount];
        for (int s = 0; s < SiteCount; s++) result[p[s]] = values[s];
        return result;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    internal IReadOnlyList<int[]> Images => _images;

    private int[][] ComputeElementPermutations()
    {
        var (parent, generator) = Group.ListingTree;
        var result = new int[parent.Length][];
        result[0] = Permutations.Identity(SiteCount);
        for (int i = 1; i < parent.Length; i++) result[i] = Permutations.Compose(_images[generator[i]], result[parent[i]]);
        return result;
    }

    private void CheckHomomorphism()
    {
        if (Group.Relators is { } relators)
        {
            foreach (var relator in relators)
            {
                var p = Permutations.EvaluateWord(relator, _images, _inverseImages, SiteCount);
                int moved = Array.FindIndex(p, s => p[s] != s);
                if (moved >= 0)
                    throw new ArgumentException(
                        $"{Name}: the generator images are not an action of {Group.Name}: the relation {Group.FormatWord(relator)} = e fails (it sends site {moved} to {p[moved]}).");
            }
            return;
        }

        // No presentation: walk the Cayley graph. The images define a homomorphism iff, for every element g (built along
        // the breadth-first tree) and generator k, image(k)∘ρ(g) equals the site permutation found for k∘g.
        if ((long)Group.Elements.Count * SiteCount > ClosureCheckBudget)
            throw new ArgumentException($"{Name}: {Group.Name} is too large ({Group.Order} elements × {SiteCount} sites) to verify the action by closure.");
        var perms = ComputeElementPermutations();
        for (int i = 0; i < perms.Length; i++)
        for (int k = 0; k < _images.Length; k++)
        {
            int j = Group.NeighbourIndex(i, k);
            var viaGenerator = Permutations.Compose(_images[k], perms[i]);
            if (!viaGenerator.AsSpan().SequenceEqual(perms[j]))
                throw new ArgumentException(
                    $"{Name}: the generator images are not an action of {Group.Name}: {Group.GeneratorNames[k]}·({Group.Elements[i]}) and {Group.Elements[j]} are the same element but act differently on the sites.");
        }
        _elementPermutations = perms;
    }
}

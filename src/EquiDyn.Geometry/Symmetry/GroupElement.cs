namespace EquiDyn.Symmetry;

/// <summary>An element g of a <see cref="FiniteGroup"/>: a permutation of the defining action plus a word that produces it.</summary>
/// <remarks>
/// Equality is equality of the defining permutation (the defining action is faithful). The word (letter k = generator k,
/// ~k = its inverse; the last letter acts first) lets every <see cref="SiteAction"/> of the group evaluate g without an
/// element list. For listable groups, products and inverses are returned in canonical form (the listed element, with a
/// shortest word), so words stay short.
/// </remarks>
public sealed class GroupElement : IEquatable<GroupElement>
{
    private readonly int[] _permutation;
    private readonly int[] _word;

    internal GroupElement(FiniteGroup group, int[] permutation, int[] word)
    {
        Group = group;
        _permutation = permutation;
        _word = word;
    }

    /// <summary>The group this element belongs to.</summary>
    public FiniteGroup Group { get; }

    /// <summary>Images of the defining action's points: point x ↦ Images[x].</summary>
    public IReadOnlyList<int> Images => _permutation;

    /// <summary>A word in the generators equal to this element (k = generator k, ~k = its inverse; the last letter acts first).</summary>
    public IReadOnlyList<int> Word => _word;

    /// <summary>Whether this is the identity e.</summary>
    public bool IsIdentity => Permutations.IsIdentity(_permutation);

    internal int[] Permutation => _permutation;

    /// <summary>The product this∘other (apply <paramref name="other"/> first).</summary>
    public GroupElement Compose(GroupElement other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Group.Equals(other.Group)) throw new ArgumentException($"Cannot compose an element of {Group.Name} with one of {other.Group.Name}.", nameof(other));
        return Group.Canonical(Permutations.Compose(_permutation, other._permutation), [.. _word, .. other._word]);
    }

    /// <summary>The inverse g⁻¹.</summary>
    public GroupElement Inverse()
    {
        var word = new int[_word.Length];
        for (int i = 0; i < _word.Length; i++) word[i] = ~_word[_word.Length - 1 - i];
        return Group.Canonical(Permutations.Inverse(_permutation), word);
    }

    /// <inheritdoc />
    public bool Equals(GroupElement? other) =>
        other is not null && Group.Equals(other.Group) && _permutation.AsSpan().SequenceEqual(other._permutation);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GroupElement);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int x in _permutation) hash.Add(x);
        return hash.ToHashCode();
    }

    /// <summary>The element as a word in the generator names, e.g. "r^2·f" or "e".</summary>
    public override string ToString() => Group.FormatWord(_word);
}

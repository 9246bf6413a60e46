namespace EquiDyn.Symmetry;

/// <summary>An orthogonal representation ρ: G → O(d) given by one matrix per generator (e.g. a sign or rotation representation).</summary>
/// <remarks>
/// <para>
/// The general, non-permutation case. ρ(g) is built for every listed element along the Cayley graph's breadth-first tree;
/// the constructor checks ρ(generator)ρ(generator)ᵀ = I and the homomorphism law ρ(k)ρ(g) = ρ(k∘g) for every element g and
/// generator k (within <c>tolerance</c>), naming the offending element on failure. The group must be listable, because
/// the equivariant projector for such representations is the Reynolds average (1/|G|)Σ_g ρ̄_g.
/// </para>
/// </remarks>
public sealed class OrthogonalRepresentation
{
    private readonly double[][,] _elementMatrices;

    /// <summary>Builds ρ from generator matrices and validates orthogonality and the homomorphism law.</summary>
    /// <param name="group">A listable group.</param>
    /// <param name="dimension">d, the dimension of the representation space.</param>
    /// <param name="generatorMatrices">ρ(generator k) as d×d matrices, in generator order.</param>
    /// <param name="name">A description for messages.</param>
    /// <param name="tolerance">Largest accepted entry-wise deviation in the checks.</param>
    public OrthogonalRepresentation(FiniteGroup group, int dimension, IReadOnlyList<double[,]> generatorMatrices, string? name = null, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(generatorMatrices);
        Group = group;
        Name = name ?? $"representation of {group.Name}";
        if (!group.IsListable)
            throw new ArgumentException($"{Name}: {group.Name} has {group.Order} elements; general orthogonal representations need a listable group (≤ {FiniteGroup.ListingLimit}).");
        if (generatorMatrices.Count != group.GeneratorCount)
            throw new ArgumentException($"{Name}: {group.Name} has {group.GeneratorCount} generator(s), but {generatorMatrices.Count} matrices were given.", nameof(generatorMatrices));
        if (dimension <= 0) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"{Name}: the dimension must be positive.");
        Dimension = dimension;
        for (int k = 0; k < generatorMatrices.Count; k++)
        {
            var m = generatorMatrices[k];
            string generator = group.GeneratorNames[k];
            if (m.GetLength(0) != Dimension || m.GetLength(1) != Dimension)
                throw new ArgumentException($"{Name}: ρ({generator}) is {m.GetLength(0)}×{m.GetLength(1)}, expected {Dimension}×{Dimension}.", nameof(generatorMatrices));
            double deviation = MaxDeviation(Multiply(m, Transpose(m)), IdentityMatrix(Dimension));
            if (deviation > tolerance)
                throw new ArgumentException($"{Name}: ρ({generator}) is not orthogonal: ‖ρρᵀ − I‖_max = {deviation:G3}.", nameof(generatorMatrices));
        }

        var (parent, via) = group.ListingTree;
        _elementMatrices = new double[parent.Length][,];
        _elementMatrices[0] = IdentityMatrix(Dimension);
        for (int i = 1; i < parent.Length; i++) _elementMatrices[i] = Multiply(generatorMatrices[via[i]], _elementMatrices[parent[i]]);
        for (int i = 0; i < parent.Length; i++)
        for (int k = 0; k < group.GeneratorCount; k++)
        {
            int j = group.NeighbourIndex(i, k);
            double deviation = MaxDeviation(Multiply(generatorMatrices[k], _elementMatrices[i]), _elementMatrices[j]);
            if (deviation > tolerance)
                throw new ArgumentException(
                    $"{Name}: not a homomorphism: ρ({group.GeneratorNames[k]})·ρ({group.Elements[i]}) differs from ρ({group.Elements[j]}) by {deviation:G3}, " +
                    "so the generator matrices violate a relation of the group.", nameof(generatorMatrices));
        }
    }

    /// <summary>The permutation representation of a site action (ρ(g) = the permutation matrix P[g·s, s] = 1).</summary>
    public static OrthogonalRepresentation FromSiteAction(SiteAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var matrices = action.Images.Select(p =>
        {
            var m = new double[action.SiteCount, action.SiteCount];
            for (int s = 0; s < p.Length; s++) m[p[s], s] = 1;
            return m;
        }).ToArray();
        return new OrthogonalRepresentation(action.Group, action.SiteCount, matrices, $"permutation representation of {action.Name}");
    }

    /// <summary>The 1-dimensional sign representation g ↦ sgn(g) (parity in the defining action).</summary>
    public static OrthogonalRepresentation Sign(FiniteGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var matrices = group.GeneratorPermutations.Select(p => new double[,] { { Permutations.Sign(p) } }).ToArray();
        return new OrthogonalRepresentation(group, 1, matrices, $"sign representation of {group.Name}");
    }

    /// <summary>The trivial representation on ℝ^d.</summary>
    public static OrthogonalRepresentation Trivial(FiniteGroup group, int dimension)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new OrthogonalRepresentation(group, dimension, Enumerable.Range(0, group.GeneratorCount).Select(_ => IdentityMatrix(dimension)).ToArray(),
            $"trivial representation of {group.Name} on ℝ^{dimension}");
    }

    /// <summary>The group represented.</summary>
    public FiniteGroup Group { get; }

    /// <summary>A description for messages.</summary>
    public string Name { get; }

    /// <summary>d, the dimension of the representation space.</summary>
    public int Dimension { get; }

    /// <summary>ρ(g) as a d×d matrix (a copy).</summary>
    public double[,] Matrix(GroupElement element) => (double[,])_elementMatrices[Group.IndexOf(element)].Clone();

    /// <summary>The character χ(g) = tr ρ(g).</summary>
    public double Character(GroupElement element)
    {
        var m = _elementMatrices[Group.IndexOf(element)];
        double trace = 0;
        for (int i = 0; i < Dimension; i++) trace += m[i, i];
        return trace;
    }

    internal IReadOnlyList<double[,]> ElementMatrices => _elementMatrices;

    private static double[,] IdentityMatrix(int d)
    {
        var m = new double[d, d];
        for (int i = 0; i < d; i++) m[i, i] = 1;
        return m;
    }

    private static double[,] Transpose(double[,] a)
    {
        var t = new double[a.GetLength(1), a.GetLength(0)];
        for (int i = 0; i < a.GetLength(0); i++)
        for (int j = 0; j < a.GetLength(1); j++) t[j, i] = a[i, j];
        return t;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1), inner = a.GetLength(1);
        var c = new double[n, m];
        for (int i = 0; i < n; i++)
        for (int k = 0; k < inner; k++)
        {
            double aik = a[i, k];
            if (aik == 0) continue;
            for (int j = 0; j < m; j++) c[i, j] += aik * b[k, j];
        }
        return c;
    }

    private static double MaxDeviation(double[,] a, double[,] b)
    {
        double max = 0;
        for (int i = 0; i < a.GetLength(0); i++)
        for (int j = 0; j < a.GetLength(1); j++) max = Math.Max(max, Math.Abs(a[i, j] - b[i, j]));
        return max;
    }
}

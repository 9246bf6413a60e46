using EquiDyn.Geometry;

namespace EquiDyn.Nn;

/// <summary>
/// The <see cref="KernelBasisKind.UnitaryRotated"/> parametrization: an orthonormal basis of a support L that is not a
/// permutation basis. Inside each orbit O of the group on the block's entries, the support's entries S∩O are mixed by a
/// seeded random orthogonal matrix Q_O: b_{O,j} = Σ_k (Q_O)_{kj} e_{(S∩O)_k}.
/// </summary>
/// <remarks>
/// <para>The basis spans the same L as the tap indicators and is orthonormal (MM* = Π_L), so everything docs/concepts.md
/// says about unitary parametrizations holds for it: gradient descent in its coordinates is the same flow in A as in the
/// tap basis. What changes is how the group acts on the coordinates θ: with the tap basis of a compatible support a
/// rotation permutes the θ_j; here it acts by Q_Oᵀ P_g Q_O, a generic orthogonal matrix. An update rule that treats
/// every coordinate alike (SGD, momentum) cannot tell the two bases apart; one that rescales each coordinate by its
/// own statistics (Adam) can (docs/concepts.md, "Which optimizers keep E∩L invariant").</para>
/// <para>Q_O is the Q factor of a seeded Gaussian matrix with the signs of R's diagonal made positive (Haar-distributed),
/// computed by modified Gram–Schmidt in float64: the blocks are at most a handful of entries, so no library is needed.</para>
/// </remarks>
public static class RotatedUnitaryBasis
{
    /// <summary>Builds the basis.</summary>
    /// <param name="orbitOfEntry">Orbit index of every entry of the block (length D), e.g. <see cref="LayerSpace.OrbitIds"/>.</param>
    /// <param name="mask">The support: which entries belong to L (length D).</param>
    /// <param name="seed">Seed of the Gaussian draws (one matrix per orbit, in orbit order).</param>
    public static DenseBlockBasis Create(IReadOnlyList<int> orbitOfEntry, bool[] mask, int seed)
    {
        if (orbitOfEntry.Count != mask.Length)
            throw new ArgumentException($"{orbitOfEntry.Count} orbit ids for {mask.Length} entries", nameof(mask));
        int d = mask.Length;
        var groups = Enumerable.Range(0, d).Where(e => mask[e]).GroupBy(e => orbitOfEntry[e]).OrderBy(g => g.Key)
            .Select(g => g.ToArray()).ToList();
        int p = groups.Sum(g => g.Length);
        if (p == 0) throw new ArgumentException("The support is empty.", nameof(mask));
        var normal = new StandardNormal(seed);
        var columns = new double[d, p];
        int column = 0;
        foreach (var entries in groups)
        {
            var q = RandomOrthogonal(entries.Length, normal);
            for (int j = 0; j < entries.Length; j++, column++)
            for (int k = 0; k < entries.Length; k++)
                columns[entries[k], column] = q[k, j];
        }
        return new DenseBlockBasis(columns);
    }

    /// <summary>A Haar-random n×n orthogonal matrix: Gram–Schmidt of Gaussian columns (the QR factor with R's diagonal
    /// positive).</summary>
    internal static double[,] RandomOrthogonal(int n, StandardNormal normal)
    {
        var q = new double[n, n];
        for (int j = 0; j < n; j++)
        for (int i = 0; i < n; i++)
            q[i, j] = normal.Next();
        for (int j = 0; j < n; j++)
        {
            for (int pass = 0; pass < 2; pass++) // twice is enough (Kahan): orthogonal to rounding
            for (int k = 0; k < j; k++)
            {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += q[i, k] * q[i, j];
                for (int i = 0; i < n; i++) q[i, j] -= dot * q[i, k];
            }
            double norm = 0;
            for (int i = 0; i < n; i++) norm += q[i, j] * q[i, j];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < n; i++) q[i, j] /= norm;
        }
        return q;
    }
}

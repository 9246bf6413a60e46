using TorchSharp;
using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>
/// A basis {B_1 … B_p} of a subspace of one channel-pair block ℝ^D of a layer (D = taps of a kernel, or
/// out-sites × in-sites of a dense layer), used as a synthesis map on the last tensor axis.
/// </summary>
/// <remarks>
/// Synthesis M: θ ↦ A = Σ_j θ_j B_j maps [..., p] to [..., D]; analysis M*: A ↦ (⟨B_j, A⟩)_j maps [..., D] to [..., p].
/// When the basis is orthonormal (<see cref="IsOrthonormal"/>), MM* = Π, the orthogonal projection onto the span, and
/// the parametrization is <em>unitary</em> in the sense of the paper (docs/concepts.md). The same block structure holds for every
/// channel pair because the group acts on sites and leaves channels alone.
/// </remarks>
public abstract class BlockBasis
{
    /// <summary>Entries per channel-pair block (the ambient dimension D).</summary>
    public abstract int BlockDimension { get; }

    /// <summary>Number of basis vectors p (the coefficients per channel pair).</summary>
    public abstract int Count { get; }

    /// <summary>Whether the basis is orthonormal in the Frobenius inner product, i.e. MM* = Π.</summary>
    public abstract bool IsOrthonormal { get; }

    /// <summary>M: coefficients [..., p] ↦ entries [..., D].</summary>
    public abstract Tensor Synthesize(Tensor coefficients);

    /// <summary>M*: entries [..., D] ↦ inner products with each basis vector [..., p].</summary>
    public abstract Tensor Analyze(Tensor entries);

    /// <summary>Orthogonal projection of entries [..., D] onto the span. Valid for orthonormal bases only.</summary>
    /// <exception cref="InvalidOperationException">The basis is not orthonormal: use a basis of the same span that is.</exception>
    public Tensor Project(Tensor entries)
    {
        if (!IsOrthonormal)
            throw new InvalidOperationException("Project needs an orthonormal basis; MM* is not a projection otherwise.");
        return Synthesize(Analyze(entries));
    }

    /// <summary>Coefficients θ minimising ‖Mθ − A‖ (exact when A lies in the span; M*A for an orthonormal basis).</summary>
    /// <remarks>Used to transfer weights from an equivariant model into a non-unitary parametrization.</remarks>
    public virtual Tensor LeastSquaresCoefficients(Tensor entries) => IsOrthonormal
        ? Analyze(entries)
        : throw new InvalidOperationException($"{GetType().Name} does not implement least squares for a non-orthonormal basis");
}

/// <summary>A basis given as an explicit D×p matrix whose columns are the basis vectors (small blocks: kernel taps).</summary>
public sealed class DenseBlockBasis : BlockBasis
{
    private readonly double[,] _columns;
    private readonly bool _orthonormal;
    private readonly Dictionary<ScalarType, Tensor> _matrix = new();

    /// <summary>Creates the basis from a D×p matrix of column vectors.</summary>
    /// <param name="columns">Entry [d, j] is component d of basis vector j.</param>
    /// <param name="orthonormalTolerance">Gram-matrix deviation from the identity below which the basis counts as
    /// orthonormal; 1e-12 suits bases computed in float64.</param>
    public DenseBlockBasis(double[,] columns, double orthonormalTolerance = 1e-12)
    {
        _columns = (double[,])columns.Clone();
        int d = columns.GetLength(0), p = columns.GetLength(1);
        double worst = 0;
        for (int i = 0; i < p; i++)
        for (int j = 0; j < p; j++)
        {
            double dot = 0;
            for (int k = 0; k < d; k++) dot += columns[k, i] * columns[k, j];
            worst = Math.Max(worst, Math.Abs(dot - (i == j ? 1 : 0)));
        }
        _orthonormal = worst <= orthonormalTolerance;
    }

    /// <inheritdoc />
    public override int BlockDimension => _columns.GetLength(0);

    /// <inheritdoc />
    public override int Count => _columns.GetLength(1);

    /// <inheritdoc />
    public override bool IsOrthonormal => _orthonormal;

    /// <summary>A copy of the D×p matrix of column vectors.</summary>
    public double[,] Columns => (double[,])_columns.Clone();

    private Tensor Matrix(ScalarType dtype)
    {
        lock (_matrix) // bases are shared between the layers and models of an architecture, possibly across threads
        {
            if (!_matrix.TryGetValue(dtype, out var m))
            {
                m = tensor(_columns, dtype: dtype).DetachFromDisposeScope();
                _matrix[dtype] = m;
            }
            return m;
        }
    }

    /// <inheritdoc />
    public override Tensor Synthesize(Tensor coefficients) => matmul(coefficients, Matrix(coefficients.dtype).t());

    /// <inheritdoc />
    public override Tensor Analyze(Tensor entries) => matmul(entries, Matrix(entries.dtype));

    /// <inheritdoc />
    /// <remarks>Solved by a QR-based least-squares routine in float64 (error ~ κ(M)·ε) rather than the normal
    /// equations (M*M)θ = M*A of the authors' code, whose error grows like κ(M)².</remarks>
    public override Tensor LeastSquaresCoefficients(Tensor entries)
    {
        if (IsOrthonormal) return Analyze(entries);
        using var scope = NewDisposeScope();
        var rhs = entries.reshape(-1, BlockDimension).to_type(ScalarType.Float64).t();      // [D, n]
        var (solution, _, _, _) = linalg.lstsq(Matrix(ScalarType.Float64), rhs);           // [p, n]
        var shape = entries.shape.ToArray();
        shape[^1] = Count;
        return solution.t().reshape(shape).to_type(entries.dtype).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// The orthonormal basis of normalised orbit indicators B_k = 1_{O_k}/√|O_k| for a chosen set of orbits of entries —
/// the basis of E (all orbits) or of E∩L for a support L (the orbits lying wholly inside the support).
/// </summary>
/// <remarks>
/// Synthesis is a gather and analysis a scatter-add, O(D) per channel pair, so it scales to dense layers between
/// 14×14 grids (D = 38,416) where a D×p matrix would not. The projection Π = MM* averages each kept orbit and zeroes
/// entries outside the kept orbits.
/// </remarks>
public sealed class OrbitBlockBasis : BlockBasis
{
    private readonly long[] _slotOfEntry;   // basis index of each entry, or Count (a zero slot) if outside the span
    private readonly double[] _scale;       // 1/√|O| per basis vector, 0 for the zero slot
    private readonly Dictionary<ScalarType, (Tensor Index, Tensor EntryScale)> _cache = new();
    private readonly bool _isIdentity;      // entry d is basis vector d: M = M* = I, no gather or scatter needed

    /// <summary>Creates the basis from each entry's orbit and the orbits to keep.</summary>
    /// <param name="orbitOfEntry">Orbit index of every entry of the block (length D).</param>
    /// <param name="keepOrbit">Whether each orbit belongs to the subspace (length = number of orbits).</param>
    public OrbitBlockBasis(IReadOnlyList<int> orbitOfEntry, IReadOnlyList<bool> keepOrbit)
    {
        var slotOfOrbit = new int[keepOrbit.Count];
        int count = 0;
        for (int k = 0; k < keepOrbit.Count; k++) slotOfOrbit[k] = keepOrbit[k] ? count++ : -1;
        var sizes = new int[count + 1];
        _slotOfEntry = new long[orbitOfEntry.Count];
        for (int d = 0; d < orbitOfEntry.Count; d++)
        {
            int slot = slotOfOrbit[orbitOfEntry[d]];
            _slotOfEntry[d] = slot < 0 ? count : slot;
            if (slot >= 0) sizes[slot]++;
        }
        _scale = new double[count + 1];
        for (int s = 0; s < count; s++) _scale[s] = 1.0 / Math.Sqrt(sizes[s]);
        Count = count;
        _isIdentity = count == _slotOfEntry.Length && _slotOfEntry.Select((slot, d) => slot == d).All(x => x);
    }

    /// <summary>Every entry its own orbit, all kept: the standard (identity) basis of ℝ^D.</summary>
    public static OrbitBlockBasis Identity(int blockDimension) =>
        new(Enumerable.Range(0, blockDimension).ToArray(), Enumerable.Repeat(true, blockDimension).ToArray());

    /// <inheritdoc />
    public override int BlockDimension => _slotOfEntry.Length;

    /// <inheritdoc />
    public override int Count { get; }

    /// <inheritdoc />
    public override bool IsOrthonormal => true;

    private (Tensor Index, Tensor EntryScale) Cached(ScalarType dtype)
    {
        lock (_cache) // bases are shared between the layers and models of an architecture, possibly across threads
        {
            if (!_cache.TryGetValue(dtype, out var c))
            {
                var index = tensor(_slotOfEntry).DetachFromDisposeScope();
                var entryScale = tensor(_slotOfEntry.Select(s => _scale[s]).ToArray(), dtype: dtype).DetachFromDisposeScope();
                c = (index, entryScale);
                _cache[dtype] = c;
            }
            return c;
        }
    }

    /// <inheritdoc />
    public override Tensor Synthesize(Tensor coefficients)
    {
        if (_isIdentity) return coefficients.alias(); // the nominal models' indicator basis of L = H (D up to 38,416)
        var (index, entryScale) = Cached(coefficients.dtype);
        var padded = nn.functional.pad(coefficients, new long[] { 0, 1 }); // the zero slot for entries outside the span
        return padded.index_select(-1, index) * entryScale;
    }

    /// <inheritdoc />
    public override Tensor Analyze(Tensor entries)
    {
        if (_isIdentity) return entries.alias();
        var (index, entryScale) = Cached(entries.dtype);
        var shape = entries.shape.ToArray();
        shape[^1] = Count + 1;
        var sums = zeros(shape, dtype: entries.dtype).index_add(-1, index, entries * entryScale, 1.0);
        return sums.narrow(-1, 0, Count);
    }
}

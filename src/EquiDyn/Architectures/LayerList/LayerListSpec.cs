namespace EquiDyn.Architectures.LayerList;

/// <summary>
/// One stage of a layer-list architecture (docs/your-own-model.md): a linear layer whose weights live in L (or E∩L),
/// or a fixed G-equivariant map. <see cref="Type"/> says which; every other field belongs to some types only, and a
/// field set on a type that does not read it is an error, never ignored.
/// </summary>
public sealed record LayerSpec
{
    /// <summary><c>conv</c>, <c>dense</c>, <c>avgpool</c>, <c>tanh</c>, <c>relu</c>, <c>leaky-relu</c>,
    /// <c>sigmoid</c> or <c>layernorm</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>conv, dense: a name for reports and CSV columns (default conv1, conv2, …, dense1, …).</summary>
    public string? Name { get; init; }

    /// <summary>conv, dense: output channels.</summary>
    public int? Channels { get; init; }

    /// <summary>conv: the kernel side k (odd; stride 1, zero padding k/2, no bias).</summary>
    public int? Kernel { get; init; }

    /// <summary>conv: the support Ω of the k×k kernel: <c>full</c> or k rows of k zeros and ones separated by commas,
    /// top row first (L = kernels supported on Ω).</summary>
    public string? Support { get; init; }

    /// <summary>conv: an explicit basis B_1 … B_p of L as vectors of k² taps (tap (r, c) at k·r + c), instead of a
    /// support. The layer is parametrized by exactly these vectors: unitary when they are orthonormal.</summary>
    public List<double[]>? Basis { get; init; }

    /// <summary>conv: the site set of the kernel taps (k² sites); default <c>taps:k</c> for a registry group.</summary>
    public string? Taps { get; init; }

    /// <summary>dense, avgpool: the site set of the output (<c>invariant</c>: one site every element fixes).</summary>
    public string? Sites { get; init; }

    /// <summary>avgpool: the pooling window side s (the grid side must be a multiple of s).</summary>
    public int? Size { get; init; }

    /// <summary>layernorm: <c>sites</c> (each channel over its sites, as the paper's CNN) or <c>channels</c> (each
    /// site over its channels; on invariant features, the paper's MLPs' LayerNorm). No affine parameters.</summary>
    public string? Over { get; init; }

    /// <summary>leaky-relu: the negative slope (default 0.01, the paper's).</summary>
    public double? Slope { get; init; }
}

/// <summary>The input of a layer-list architecture: channels per sample and the site set one channel lives on.</summary>
public sealed record ModelInputSpec
{
    /// <summary>Input channels C (1 for greyscale images).</summary>
    public int Channels { get; init; } = 1;

    /// <summary>The site set of one input channel: a name declared in <c>groupDefinition.actions</c>, or for a registry
    /// group <c>grid:n</c> (n×n pixels) or <c>nodes:n</c> (n nodes).</summary>
    public string Sites { get; init; } = "";
}

/// <summary>A group given by generators in a spec, with its action on every site set the model uses.</summary>
/// <remarks>Turned into a <see cref="Symmetry.GroupDefinition"/>, which checks every action to be a homomorphism.</remarks>
public sealed record GroupDefinitionSpec
{
    /// <summary>A short name for reports (e.g. <c>D4</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>Optional generator names (<c>g0</c>, <c>g1</c>, … when omitted).</summary>
    public List<string>? GeneratorNames { get; init; }

    /// <summary>The generators as permutations of 0..m−1 (a faithful action of the group, e.g. a square's 4
    /// corners for D4): x ↦ generators[k][x].</summary>
    public List<int[]> Generators { get; init; } = new();

    /// <summary>The site sets by name (input pixels, hidden grids, kernel taps, …), each with the permutation every
    /// generator induces on it.</summary>
    public Dictionary<string, SiteSetSpec> Actions { get; init; } = new();
}

/// <summary>A site set of a <see cref="GroupDefinitionSpec"/>: its shape and one permutation per generator, given
/// explicitly (<see cref="Images"/>) or by name (<see cref="Maps"/>).</summary>
public sealed record SiteSetSpec
{
    /// <summary><c>[n, n]</c> for a square grid (sites row-major, (r, c) at n·r + c) or <c>[S]</c> for S sites.</summary>
    public List<int> Shape { get; init; } = new();

    /// <summary>Per generator, the image of every site: site s ↦ images[k][s].</summary>
    public List<int[]>? Images { get; init; }

    /// <summary>Per generator, a named map: on grids <c>identity</c>, <c>rot90</c> ((r, c) ↦ (n−1−c, r)),
    /// <c>rot180</c>, <c>rot270</c>, <c>flip-columns</c> (c ↦ n−1−c), <c>flip-rows</c>, <c>transpose</c>,
    /// <c>shift-right</c> (c ↦ c+1 mod n), <c>shift-down</c>; on S sites <c>identity</c>, <c>shift</c> (i ↦ i+1 mod S),
    /// <c>shift-back</c>, <c>reflect</c> (i ↦ −i mod S).</summary>
    public List<string>? Maps { get; init; }
}

/// <summary>A layer-list architecture or its group is invalid; <see cref="Field"/> is the spec path at fault.</summary>
public sealed class LayerListException(string field, string problem) : Exception($"{field}: {problem}")
{
    /// <summary>The JSON field at fault, e.g. <c>architecture.layers[2].sites</c>.</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong and how to fix it.</summary>
    public string Problem { get; } = problem;
}

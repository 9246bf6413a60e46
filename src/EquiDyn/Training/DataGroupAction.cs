using EquiDyn.Data;
using static TorchSharp.torch;

namespace EquiDyn.Training;

/// <summary>One group element's action on data: a permutation of the input sites and, for equivariant targets
/// (segmentation masks), of the target sites, (g·x)[s] = x[InputSites[s]]; or, for class labels the group permutes
/// (an equivariant head), of the classes, g·y = Classes[y].</summary>
/// <param name="InputSites">Source site of every input site.</param>
/// <param name="TargetSites">Source site of every target site, or null when targets are not arrays of sites.</param>
/// <param name="Classes">The image g·c of every class c, or null when class labels are invariant.</param>
public sealed record DataElement(long[] InputSites, long[]? TargetSites, long[]? Classes = null);

/// <summary>
/// How a finite group G acts on a dataset: by permuting the sites (pixels, adjacency entries) of every input channel
/// and, when the task is equivariant, of every target channel with the same group element, or the class labels
/// (g·y = σ_g(y) for a permutation representation σ of G on the classes).
/// </summary>
/// <remarks>
/// Exact augmentation uses every element (<see cref="Elements"/>); sampled augmentation draws elements
/// <em>uniformly</em> (<see cref="SampleUniform"/>) — a non-uniform draw biases the expected augmented gradient off E
/// (docs/paper-code.md, B7). Sites are the trailing axes of a sample flattened in row-major order.
/// </remarks>
public sealed class DataGroupAction
{
    private readonly Func<DataRandom, DataElement> _sampler;

    /// <summary>Creates the action from all its elements (a listable group): sampling picks one uniformly.</summary>
    public DataGroupAction(string groupName, IReadOnlyList<DataElement> elements)
    {
        if (elements.Count == 0) throw new ArgumentException("a group has at least the identity", nameof(elements));
        GroupName = groupName;
        Elements = elements;
        _sampler = rng => elements[rng.NextInt(elements.Count)];
    }

    /// <summary>Creates the action of a group too large to list, from a uniform sampler of its elements.</summary>
    public DataGroupAction(string groupName, Func<DataRandom, DataElement> uniformSampler)
    {
        GroupName = groupName;
        _sampler = uniformSampler;
    }

    /// <summary>The group's name, for reports.</summary>
    public string GroupName { get; }

    /// <summary>All elements, or null when the group is too large to list (then exact augmentation is unavailable).</summary>
    public IReadOnlyList<DataElement>? Elements { get; }

    /// <summary>One element drawn uniformly from the group.</summary>
    public DataElement SampleUniform(DataRandom rng) => _sampler(rng);

    /// <summary>Applies one element to a batch of inputs [b, …] (and targets, when equivariant: target sites or class
    /// labels [b]).</summary>
    public (Tensor Inputs, Tensor Targets) Apply(DataElement g, Tensor inputs, Tensor targets) =>
        (PermuteSites(inputs, g.InputSites),
         g.TargetSites is not null ? PermuteSites(targets, g.TargetSites)
         : g.Classes is not null ? tensor(g.Classes).index_select(0, targets)
         : targets);

    /// <summary>g acting on a model's class scores [b, K] when it permutes the classes: the scores are a feature on the
    /// class sites, so the score of class c moves to class g·c, (g·s)[g·c] = s[c] (unchanged when labels are invariant).
    /// An equivariant head satisfies Φ(g·x) = g·Φ(x) in this sense.</summary>
    public static Tensor ApplyToScores(DataElement g, Tensor scores)
    {
        if (g.Classes is null) return scores;
        var source = new long[g.Classes.Length];
        for (int c = 0; c < source.Length; c++) source[g.Classes[c]] = c;
        return scores.index_select(-1, tensor(source));
    }

    /// <summary>The whole orbit of every sample: [|G|·b, …], element-major (all of g_0's images first).</summary>
    /// <exception cref="InvalidOperationException">The group cannot be listed.</exception>
    public (Tensor Inputs, Tensor Targets) Orbit(Tensor inputs, Tensor targets)
    {
        if (Elements is null)
            throw new InvalidOperationException($"{GroupName} is too large to list: use sampled augmentation instead of exact orbits");
        var xs = new List<Tensor>();
        var ys = new List<Tensor>();
        foreach (var g in Elements)
        {
            var (x, y) = Apply(g, inputs, targets);
            xs.Add(x);
            ys.Add(y);
        }
        return (cat(xs, 0), cat(ys, 0));
    }

    /// <summary>Applies an independently drawn element to every sample of the batch.</summary>
    public (Tensor Inputs, Tensor Targets) ApplyPerSample(DataRandom rng, Tensor inputs, Tensor targets)
    {
        long b = inputs.shape[0];
        var elements = Enumerable.Range(0, (int)b).Select(_ => SampleUniform(rng)).ToArray();
        var x = GatherPerSample(inputs, elements.Select(e => e.InputSites).ToArray());
        var y = elements[0].TargetSites is not null ? GatherPerSample(targets, elements.Select(e => e.TargetSites!).ToArray())
            : elements[0].Classes is not null ? tensor(elements.SelectMany(e => e.Classes!).ToArray()).reshape(b, -1).gather(1, targets.unsqueeze(1)).squeeze(1)
            : targets;
        return (x, y);
    }

    private static Tensor PermuteSites(Tensor batch, long[] sites)
    {
        var flat = batch.reshape(batch.shape[0], -1, sites.Length);
        return flat.index_select(2, tensor(sites)).reshape(batch.shape);
    }

    private static Tensor GatherPerSample(Tensor batch, long[][] sites)
    {
        long b = batch.shape[0];
        int s = sites[0].Length;
        var flat = batch.reshape(b, -1, s);
        var index = tensor(sites.SelectMany(x => x).ToArray()).reshape(b, 1, s).expand(b, flat.shape[1], s);
        return flat.gather(2, index).reshape(batch.shape);
    }
}

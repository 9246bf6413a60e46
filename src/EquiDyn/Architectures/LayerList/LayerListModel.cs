using EquiDyn.Geometry;
using EquiDyn.Nn;
using EquiDyn.Symmetry;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Architectures.LayerList;

/// <summary>Which subspace a layer-list model's layers are parametrized in.</summary>
public enum LayerListParametrization
{
    /// <summary>L, by the unitary indicator basis of a support (or the layer's explicit basis).</summary>
    Unitary,

    /// <summary>L, by the paper's random non-unitary basis on a convolution's support (seed per layer); dense layers
    /// and explicit bases are unchanged.</summary>
    NonUnitary,

    /// <summary>E∩L, by its orthonormal basis (the equivariant model).</summary>
    Intersection,
}

/// <summary>One linear layer of a layer-list model with its exact geometry.</summary>
/// <param name="Name">Layer name (CSV columns, reports).</param>
/// <param name="Kind"><c>conv</c> or <c>dense</c>.</param>
/// <param name="Shape">What one channel pair is ("5×5 kernel", "7×7 grid → invariant feature").</param>
/// <param name="InChannels">C_in.</param>
/// <param name="OutChannels">C_out.</param>
/// <param name="Geometry">E, L, E∩L and compatibility of one channel-pair block (float64, exact).</param>
/// <param name="Mask">A convolution's support (null for an explicit basis or a dense layer).</param>
/// <param name="ExplicitBasis">A convolution's explicit basis of L (null otherwise).</param>
public sealed record LinearLayerPlan(string Name, string Kind, string Shape, int InChannels, int OutChannels, LayerGeometry Geometry,
    bool[]? Mask, IReadOnlyList<double[]>? ExplicitBasis)
{
    /// <summary>Channel pairs C_out·C_in.</summary>
    public long ChannelPairs => (long)InChannels * OutChannels;
}

/// <summary>
/// A network written as a list of layers in a spec (docs/your-own-model.md): convolutions with a support or an explicit
/// basis, dense layers between site sets, average pooling, tanh/ReLU/LeakyReLU/sigmoid, LayerNorm over sites or
/// channels, ending in an invariant head (or an equivariant one, when the group permutes the classes), for any group
/// acting on the sites by permutations.
/// </summary>
/// <remarks>
/// <para>Features are [b, C, n, n] on grids and [b, C, S] on other site sets. Every linear layer is a
/// <see cref="StructuredLayer"/> with its exact <see cref="LayerGeometry"/>: a k×k convolution's block is its k² taps
/// with the group moving taps (the declared tap action); a dense layer's block is the S_out×S_in matrix with
/// ρ̄_g W = ρ_out(g) W ρ_in(g)⁻¹ and L = H. Every fixed stage commutes with the group: point-wise maps and LayerNorm
/// (without affine parameters) for any permutation of sites; average pooling and convolutions are <em>checked</em> on
/// the declared actions when the model is planned (exactly, on integers): pooling must map windows to windows, and a
/// convolution needs g(p + d) = g(p) + g·d for every pixel p and tap offset d, with the zero padding mapped to itself.
/// So A ∈ E makes the network invariant (docs/concepts.md, L1), which <c>equidyn check --spec</c> verifies numerically.</para>
/// <para>With an action on the labels (<see cref="Labels"/>: the classes as a site set), the head is the dense layer
/// to one channel on the class sites, whose E is the commutant {W : ρ_classes(g) W = W ρ_features(g)}; a point of E then
/// makes the scores equivariant, Φ(g·x) = ρ_classes(g)Φ(x), and the loss (cross-entropy or MSE against one-hot labels) is
/// invariant under moving scores and labels together, which is all the theory asks of it.</para>
/// </remarks>
public sealed class LayerListModel
{
    private readonly List<Func<ScalarType, LayerListParametrization, int, nn.Module<Tensor, Tensor>>> _stages = new();
    private readonly List<LinearLayerPlan> _layers = new();

    private LayerListModel(SiteSets sites, SiteSet input, int inputChannels, int classes, SiteSet? labels)
    {
        Sites = sites;
        Input = input;
        InputChannels = inputChannels;
        Classes = classes;
        Labels = labels;
    }

    /// <summary>The group and its site sets.</summary>
    public SiteSets Sites { get; }

    /// <summary>The site set of one input channel.</summary>
    public SiteSet Input { get; }

    /// <summary>Input channels.</summary>
    public int InputChannels { get; }

    /// <summary>Outputs (class scores).</summary>
    public int Classes { get; }

    /// <summary>The site set of the classes when the group permutes them (the head is equivariant: its outputs are one
    /// channel on these sites), or null when the labels are invariant (the head is invariant: <see cref="Classes"/>
    /// channels on <c>invariant</c>).</summary>
    public SiteSet? Labels { get; }

    /// <summary>The linear layers in order, with their geometry.</summary>
    public IReadOnlyList<LinearLayerPlan> Layers => _layers;

    /// <summary>The shape of one input sample: [C, n, n] or [C, S].</summary>
    public int[] InputShape => [InputChannels, .. Input.Shape];

    /// <summary>Plans a model: resolves every site set, checks shapes, channel counts and the equivariance of pooling
    /// and convolutions on the declared actions, and analyses every linear layer's geometry.</summary>
    /// <exception cref="LayerListException">The first problem, naming the field (prefix <paramref name="field"/>).</exception>
    /// <param name="sites">The group and its site sets.</param>
    /// <param name="input">The input's channels and site set.</param>
    /// <param name="layers">The stages, input to output.</param>
    /// <param name="classes">Output classes.</param>
    /// <param name="field">The spec path of the architecture, for messages.</param>
    /// <param name="labels">The site set of the classes when the group permutes them (a 1-D site set of
    /// <paramref name="classes"/> sites); null for invariant labels.</param>
    public static LayerListModel Plan(SiteSets sites, ModelInputSpec? input, IReadOnlyList<LayerSpec>? layers, int classes,
        string field = "architecture", string? labels = null)
    {
        if (input is null) throw new LayerListException($"{field}.input", "missing: give { \"channels\": 1, \"sites\": \"pixels\" } (the site set of one input channel)");
        if (input.Channels < 1 || input.Channels > 4096) throw new LayerListException($"{field}.input.channels", $"{input.Channels}: use 1 to 4096 channels");
        var inputSites = sites.TryGet(input.Sites, out var why) ?? throw new LayerListException($"{field}.input.sites", why);
        if (layers is not { Count: > 0 }) throw new LayerListException($"{field}.layers", "no layers: list at least the invariant head { \"type\": \"dense\", \"channels\": 10, \"sites\": \"invariant\" }");
        if (classes < 1) throw new LayerListException($"{field}.classes", $"{classes}: use at least 1 output");
        SiteSet? labelSites = null;
        if (labels is not null)
        {
            labelSites = sites.TryGet(labels, out var problem) ?? throw new LayerListException($"{field}.labels", problem + " (the group's action on the classes, one site per class)");
            if (labelSites.IsGrid || labelSites.Count != classes)
                throw new LayerListException($"{field}.labels", $"{labelSites.Name} is {labelSites.Describe()}, but the classes are {classes} sites: declare an action of shape [{classes}] whose images permute the classes");
        }
        var model = new LayerListModel(sites, inputSites, input.Channels, classes, labelSites);
        model.AddStages(layers, field);
        return model;
    }

    private void AddStages(IReadOnlyList<LayerSpec> layers, string field)
    {
        var current = Input;
        int channels = InputChannels;
        var names = new HashSet<string>();
        int convs = 0, denses = 0;
        long coefficients = 0;
        int? zeroMeanOverSites = null; // the index of a layernorm over sites not yet followed by a non-linearity
        for (int i = 0; i < layers.Count; i++)
        {
            var l = layers[i] ?? throw new LayerListException($"{field}.layers[{i}]", "null: give a layer object like { \"type\": \"tanh\" }");
            string at = $"{field}.layers[{i}]";
            Only(l, at);
            switch (l.Type)
            {
                case "conv":
                {
                    if (!current.IsGrid) throw new LayerListException($"{at}.type", $"a convolution needs a square grid, but its input lives on {current.Name} ({current.Describe()}); use dense");
                    int k = l.Kernel ?? throw new LayerListException($"{at}.kernel", "missing: give the kernel side, e.g. 3 or 5");
                    if (k < 1 || k % 2 == 0 || k > current.Side * 2 + 1) throw new LayerListException($"{at}.kernel", $"{k}: use an odd side between 1 and {2 * current.Side + 1}");
                    int outChannels = Channels(l, at);
                    string tapsName = l.Taps ?? (Sites.IsRegistryGroup ? $"taps:{k}" : throw new LayerListException($"{at}.taps", $"missing: name the site set of the {k}×{k} kernel taps declared in groupDefinition.actions"));
                    var taps = Sites.TryGet(tapsName, out var why) ?? throw new LayerListException($"{at}.taps", why);
                    if (taps.Count != k * k) throw new LayerListException($"{at}.taps", $"{taps.Name} has {taps.Count} sites, a {k}×{k} kernel has {k * k} taps");
                    CheckConvolution(current, taps, k, $"{at}.taps");
                    bool[]? mask = null;
                    IReadOnlyList<double[]>? basis = null;
                    AdmissibleSpace admissible;
                    if (l.Basis is not null)
                    {
                        if (l.Support is not null) throw new LayerListException($"{at}.basis", "give either support or basis, not both");
                        if (l.Basis.Count == 0 || l.Basis.Any(b => b is null || b.Length != k * k || b.Any(x => !double.IsFinite(x))))
                            throw new LayerListException($"{at}.basis", $"give at least one vector of {k * k} finite numbers (tap (r, c) at {k}·r + c)");
                        admissible = AdmissibleSpace.SpannedBy(l.Basis);
                        if (admissible.Rank != l.Basis.Count)
                            throw new LayerListException($"{at}.basis", $"the {l.Basis.Count} vectors span only {admissible.Rank} dimensions: give linearly independent vectors");
                        basis = l.Basis;
                    }
                    else
                    {
                        mask = ParseSupport(l.Support ?? "full", k, $"{at}.support");
                        admissible = AdmissibleSpace.SupportMask(mask);
                    }
                    var geometry = LayerGeometry.Analyze(LayerSpace.Kernel(taps.Action), admissible);
                    string name = LayerName(l.Name, $"conv{++convs}", names, $"{at}.name");
                    coefficients += (long)channels * outChannels * admissible.Rank;
                    var plan = new LinearLayerPlan(name, "conv", $"{k}×{k} kernel", channels, outChannels, geometry, mask, basis);
                    int index = _layers.Count;
                    _layers.Add(plan);
                    var blocks = BlockGeometry.From(geometry);
                    _stages.Add((dtype, p, seed) => new MaskedConv2d(name, plan.InChannels, plan.OutChannels, blocks, Parametrize(plan, blocks, p, seed + index), dtype));
                    channels = outChannels;
                    break;
                }
                case "dense":
                {
                    int outChannels = Channels(l, at);
                    var target = Sites.TryGet(l.Sites, out var why) ?? throw new LayerListException($"{at}.sites", why);
                    // E of a sites → invariant block is spanned by orbit sums; after a layernorm over sites every channel
                    // sums to 0 over its sites, so on a transitive site set every such feature is identically 0.
                    if (zeroMeanOverSites is { } norm && target.Count == 1 && LayerSpace.Dense(current.Action, target.Action).OrbitCount == 1)
                        throw new LayerListException($"{at}.sites", $"{Sites.Group.Name} moves every site of {current.Name} to every other, and layers[{norm}] (layernorm over sites) makes each channel sum to 0 over them, so this invariant layer's output would be 0 for every input: put a non-linearity (e.g. tanh) in between, or normalise over channels");
                    long entries = (long)current.Count * target.Count;
                    if (entries * channels * outChannels > Data.MemoryBudget.MaxTensorElements)
                        throw new LayerListException($"{at}.channels", $"{channels}×{outChannels} channel pairs of {target.Count}×{current.Count} blocks do not fit in memory on this machine; use fewer channels or a pooled input");
                    var geometry = LayerGeometry.Analyze(LayerSpace.Dense(current.Action, target.Action), AdmissibleSpace.Full((int)entries));
                    string name = LayerName(l.Name, $"dense{++denses}", names, $"{at}.name");
                    coefficients += channels * outChannels * (long)entries;
                    var plan = new LinearLayerPlan(name, "dense", $"{current.Name} ({current.Describe()}) → {target.Name} ({target.Describe()})",
                        channels, outChannels, geometry, null, null);
                    int index = _layers.Count;
                    _layers.Add(plan);
                    var blocks = BlockGeometry.From(geometry);
                    int inSites = current.Count, outSites = target.Count;
                    _stages.Add((dtype, p, seed) => new SiteLinear(name, plan.InChannels, inSites, plan.OutChannels, outSites, blocks,
                        Parametrize(plan, blocks, p, seed + index), dtype));
                    if (target.IsGrid)
                    {
                        int c = outChannels, n = target.Side;
                        _stages.Add((_, _, _) => new Reshape(c, n, n));
                    }
                    channels = outChannels;
                    current = target;
                    break;
                }
                case "avgpool":
                {
                    if (!current.IsGrid) throw new LayerListException($"{at}.type", $"pooling needs a square grid, but its input lives on {current.Name} ({current.Describe()})");
                    int s = l.Size ?? throw new LayerListException($"{at}.size", "missing: give the window side, e.g. 2");
                    if (s < 1 || current.Side % s != 0) throw new LayerListException($"{at}.size", $"{s} does not divide the {current.Side}×{current.Side} grid of {current.Name}");
                    var target = Sites.TryGet(l.Sites ?? (Sites.IsRegistryGroup ? $"grid:{current.Side / s}" : null), out var why)
                                 ?? throw new LayerListException($"{at}.sites", why);
                    if (!target.IsGrid || target.Side != current.Side / s)
                        throw new LayerListException($"{at}.sites", $"{target.Name} is {target.Describe()}, but pooling {current.Side}×{current.Side} by {s} gives a {current.Side / s}×{current.Side / s} grid");
                    CheckPooling(current, target, s, $"{at}.sites");
                    _stages.Add((_, _, _) => nn.AvgPool2d(s));
                    current = target;
                    break;
                }
                case "tanh": _stages.Add((_, _, _) => nn.Tanh()); break;
                case "relu": _stages.Add((_, _, _) => nn.ReLU()); break;
                case "sigmoid": _stages.Add((_, _, _) => nn.Sigmoid()); break;
                case "leaky-relu":
                {
                    double slope = l.Slope ?? 0.01;
                    if (!double.IsFinite(slope)) throw new LayerListException($"{at}.slope", "use a finite number, e.g. 0.01");
                    _stages.Add((_, _, _) => nn.LeakyReLU(slope));
                    break;
                }
                case "layernorm":
                {
                    var shape = current.Shape.Select(x => (long)x).ToArray();
                    int c = channels;
                    if (l.Over == "sites")
                    {
                        if (current.Count == 1) throw new LayerListException($"{at}.over", $"{current.Name} has one site, so normalising over sites makes every feature 0; use \"channels\"");
                        _stages.Add((dtype, _, _) => nn.LayerNorm(shape, elementwise_affine: false, dtype: dtype));
                    }
                    else if (l.Over == "channels")
                    {
                        if (c == 1) throw new LayerListException($"{at}.over", "one channel: normalising over channels makes every feature 0; use \"sites\"");
                        _stages.Add((_, _, _) => new ChannelLayerNorm(c));
                    }
                    else throw new LayerListException($"{at}.over", $"'{l.Over}': use sites (each channel over its sites) or channels (each site over its channels)");
                    break;
                }
                default:
                    throw new LayerListException($"{at}.type", $"unknown layer type '{l.Type}'; use conv, dense, avgpool, tanh, relu, leaky-relu, sigmoid or layernorm");
            }
            // Averages over windows keep a zero mean over the sites; anything else ends it.
            zeroMeanOverSites = l.Type == "layernorm" && l.Over == "sites" ? i : l.Type is "layernorm" or "avgpool" ? zeroMeanOverSites : null;
        }
        if (coefficients > Data.MemoryBudget.MaxTensorElements)
            throw new LayerListException($"{field}.layers", $"{coefficients} coefficients do not fit in memory on this machine; use fewer channels");
        if (Labels is { } labels)
        {
            // The equivariant head: one channel on the classes' sites, so the scores move as the labels do.
            if (current.Name != labels.Name)
                throw new LayerListException($"{field}.layers", $"the last layer ends on {current.Name} ({current.Describe()}), but the group permutes the classes (architecture.labels = {labels.Name}): end with the equivariant head {{ \"type\": \"dense\", \"channels\": 1, \"sites\": \"{labels.Name}\" }}");
            if (channels != 1)
                throw new LayerListException($"{field}.layers[{layers.Count - 1}]", $"ends with {channels} channels on {labels.Name}: the equivariant head has one channel, its {Classes} sites are the class scores");
        }
        else
        {
            if (current.Count != 1 || !current.Action.IsTrivial)
                throw new LayerListException($"{field}.layers", $"the last layer ends on {current.Name} ({current.Describe()}): end with the invariant head {{ \"type\": \"dense\", \"channels\": {Classes}, \"sites\": \"invariant\" }} (or, if the group permutes the classes, declare architecture.labels)");
            if (channels != Classes)
                throw new LayerListException($"{field}.layers[{layers.Count - 1}]", $"ends with {channels} channels but the model has {Classes} classes (architecture.classes): make them equal");
        }
        _stages.Add((_, _, _) => new Reshape(Classes));
    }

    /// <summary>Builds the network in the given parametrization (zero coefficients; see <see cref="Initialize"/>).</summary>
    /// <param name="dtype">Parameter type.</param>
    /// <param name="parametrization">L (unitary or not) or E∩L.</param>
    /// <param name="basisSeed">Seed of the non-unitary bases (layer j draws from seed + j).</param>
    public StructuredNetwork Build(ScalarType dtype, LayerListParametrization parametrization, int basisSeed = 0) =>
        new(parametrization == LayerListParametrization.Intersection ? "layers_equivariant" : "layers",
            _stages.Select(s => s(dtype, parametrization, basisSeed)).ToList());

    /// <summary>The shared starting point: N(0, 1/fan_in) blocks projected onto E∩L (<see cref="NetworkInitializer"/>),
    /// loaded into <paramref name="network"/>; returns the blocks.</summary>
    public static Tensor[] Initialize(StructuredNetwork network, long seed) => NetworkInitializer.ProjectedGaussian(network, seed);

    /// <summary>Every linear layer's exact geometry per channel pair, and the group and input it is computed for.</summary>
    public ModelGeometry Geometry() => new(
        Sites.Group.Name, Sites.Group.Order.ToString(), Sites.Group.GeneratorNames,
        $"{InputChannels} channel(s) on {Input.Name} ({Input.Describe()})",
        _layers.Select(l => new ModelLayerGeometry(l.Name, l.Kind, l.Shape, l.ChannelPairs, l.Geometry.AmbientDimension,
            l.Geometry.AdmissibleDimension, l.Geometry.EquivariantDimension, l.Geometry.IntersectionDimension,
            l.Geometry.Compatibility.IsCompatible, l.Geometry.Compatibility.CommutatorNorm,
            l.Kind == "dense" ? "all of H (dense)" : l.ExplicitBasis is { } b ? $"span of {b.Count} given vector(s)" : $"support {Pattern(l.Mask!)}",
            l.Geometry.Compatibility.StraddlingOrbits.Select(o => $"{{{string.Join(",", o.Labels)}}}, inside {{{string.Join(",", o.LabelsInSupport)}}}").ToList())).ToList());

    /// <summary>A k×k mask as k rows of 0/1 separated by commas.</summary>
    private static string Pattern(bool[] mask)
    {
        int k = (int)Math.Round(Math.Sqrt(mask.Length));
        return string.Join(",", Enumerable.Range(0, k).Select(r => new string(Enumerable.Range(0, k).Select(c => mask[k * r + c] ? '1' : '0').ToArray())));
    }

    /// <summary>The group's action on the data: permuting the sites of every input channel, and the class labels by
    /// <see cref="Labels"/>' action (invariant labels when it is null).</summary>
    public DataGroupAction DataAction()
    {
        var classes = Labels?.Action;
        if (Input.Action.Group.IsListable) return DataGroupActions.FromSiteActions(Input.Action, classes: classes);
        var group = Input.Action.Group;
        return new DataGroupAction(group.Name, rng =>
            DataGroupActions.Element(group.Sample(new Random((int)(rng.NextUInt64() & int.MaxValue))), Input.Action, classes: classes));
    }

    private static BlockBasis Parametrize(LinearLayerPlan plan, BlockGeometry blocks, LayerListParametrization p, int seed) => p switch
    {
        LayerListParametrization.Intersection => blocks.Intersection,
        _ when plan.ExplicitBasis is { } basis => BlockGeometry.Parametrize(new Parametrization(basis)),
        LayerListParametrization.NonUnitary when plan.Mask is { } mask => BlockGeometry.Parametrize(Parametrization.RandomNonUnitary(mask, seed)),
        _ => blocks.Admissible,
    };

    /// <summary>A k×k support: <c>full</c> or k rows of k zeros/ones separated by commas.</summary>
    internal static bool[] ParseSupport(string text, int k, string field)
    {
        if (text == "full") return Enumerable.Repeat(true, k * k).ToArray();
        var rows = text.Split(',');
        if (rows.Length != k || rows.Any(r => r.Length != k || r.Any(ch => ch is not ('0' or '1'))))
            throw new LayerListException(field, $"'{text}' is not a {k}×{k} support: use full or {k} rows of {k} zeros and ones separated by commas, e.g. {string.Join(",", Enumerable.Repeat(new string('1', k), k))}");
        var mask = string.Concat(rows).Select(ch => ch == '1').ToArray();
        if (!mask.Any(b => b)) throw new LayerListException(field, "the support has no tap: a kernel needs at least one 1");
        return mask;
    }

    /// <summary>Pooling by s×s windows commutes with the actions iff every generator maps each window onto the window
    /// its image pixel pools into: block(g·p) = g·block(p) for every pixel p.</summary>
    private static void CheckPooling(SiteSet input, SiteSet output, int s, string field)
    {
        int n = input.Side, m = output.Side;
        for (int k = 0; k < input.Action.Group.GeneratorCount; k++)
        {
            var gIn = input.Action.GeneratorImages[k];
            var gOut = output.Action.GeneratorImages[k];
            for (int p = 0; p < n * n; p++)
            {
                int q = gIn[p];
                int blockOfImage = (q / n / s) * m + (q % n) / s;
                int imageOfBlock = gOut[(p / n / s) * m + (p % n) / s];
                if (blockOfImage != imageOfBlock)
                    throw new LayerListException(field,
                        $"{s}×{s} average pooling from {input.Name} to {output.Name} does not commute with generator '{input.Action.Group.GeneratorNames[k]}': pixel ({p / n},{p % n}) goes to ({q / n},{q % n}), but its window goes to window ({imageOfBlock / m},{imageOfBlock % m}); declare {output.Name} as the pooled image of {input.Name}'s action");
            }
        }
    }

    /// <summary>A k×k convolution with zero padding commutes with the actions (for kernels in E) iff for every
    /// generator g, pixel p and tap offset d: p + d inside the grid ⇔ g(p) + g·d inside, and then g(p + d) = g(p) + g·d.</summary>
    private static void CheckConvolution(SiteSet grid, SiteSet taps, int k, string field)
    {
        int n = grid.Side, h = k / 2;
        for (int j = 0; j < grid.Action.Group.GeneratorCount; j++)
        {
            var g = grid.Action.GeneratorImages[j];
            var t = taps.Action.GeneratorImages[j];
            for (int p = 0; p < n * n; p++)
            {
                int r = p / n, c = p % n, gr = g[p] / n, gc = g[p] % n;
                for (int d = 0; d < k * k; d++)
                {
                    int dr = d / k - h, dc = d % k - h, td = t[d], tr = td / k - h, tc = td % k - h;
                    bool inside = r + dr >= 0 && r + dr < n && c + dc >= 0 && c + dc < n;
                    int ir = gr + tr, ic = gc + tc;
                    bool imageInside = ir >= 0 && ir < n && ic >= 0 && ic < n;
                    if (inside != imageInside || inside && g[(r + dr) * n + c + dc] != ir * n + ic)
                        throw new LayerListException(field,
                            $"a {k}×{k} convolution on {grid.Name} does not commute with generator '{grid.Action.Group.GeneratorNames[j]}' acting on the grid and on the taps ({taps.Name}): pixel ({r},{c}) with tap offset ({dr},{dc}) maps to pixel ({gr},{gc}) with offset ({tr},{tc}), which does not reach the image of ({r + dr},{c + dc}). " +
                            "The tap action must move offsets as the grid action moves pixels (rotations/reflections about the centre); cyclic shifts do not commute with zero padding");
                }
            }
        }
    }

    private static int Channels(LayerSpec l, string at)
    {
        int c = l.Channels ?? throw new LayerListException($"{at}.channels", "missing: give the number of output channels");
        if (c < 1 || c > 4096) throw new LayerListException($"{at}.channels", $"{c}: use 1 to 4096 channels");
        return c;
    }

    private static string LayerName(string? given, string fallback, HashSet<string> names, string field)
    {
        string name = given ?? fallback;
        if (name.Length == 0 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-'))
            throw new LayerListException(field, $"'{name}' is not a usable layer name: use letters, digits, '-' and '_' (it names CSV columns)");
        if (!names.Add(name)) throw new LayerListException(field, $"'{name}' names two layers: give every layer its own name");
        return name;
    }

    /// <summary>Refuses fields that the layer's type does not read.</summary>
    private static void Only(LayerSpec l, string at)
    {
        var allowed = l.Type switch
        {
            "conv" => new[] { "name", "channels", "kernel", "support", "basis", "taps" },
            "dense" => new[] { "name", "channels", "sites" },
            "avgpool" => new[] { "size", "sites" },
            "leaky-relu" => new[] { "slope" },
            "layernorm" => new[] { "over" },
            _ => Array.Empty<string>(),
        };
        var present = new (string Field, bool Set)[]
        {
            ("name", l.Name is not null), ("channels", l.Channels is not null), ("kernel", l.Kernel is not null),
            ("support", l.Support is not null), ("basis", l.Basis is not null), ("taps", l.Taps is not null),
            ("sites", l.Sites is not null), ("size", l.Size is not null), ("over", l.Over is not null), ("slope", l.Slope is not null),
        };
        foreach (var (f, set) in present)
            if (set && !allowed.Contains(f))
                throw new LayerListException($"{at}.{f}", $"a {(l.Type.Length == 0 ? "layer without type" : l.Type + " layer")} does not read {f}: remove it{(l.Type.Length == 0 ? " and set type" : "")}");
    }
}

/// <summary>The geometry of one linear layer of a model, per channel pair.</summary>
/// <param name="Layer">Layer name.</param>
/// <param name="Kind"><c>conv</c> or <c>dense</c>.</param>
/// <param name="Shape">What one channel pair is ("5×5 kernel", "ring (12 sites) → invariant (1 site)").</param>
/// <param name="ChannelPairs">C_out·C_in.</param>
/// <param name="H">dim H per pair.</param>
/// <param name="L">dim L per pair.</param>
/// <param name="E">dim E per pair (orbits of entries).</param>
/// <param name="EIntersectL">dim E∩L per pair.</param>
/// <param name="Compatible">Whether Π_L and Π_E commute.</param>
/// <param name="CommutatorNorm">‖Π_LΠ_E − Π_EΠ_L‖₂.</param>
/// <param name="Admissible">What L is (a support, a span, all of H).</param>
/// <param name="StraddlingOrbits">Orbits with entries inside and outside L's support (empty when compatible).</param>
public sealed record ModelLayerGeometry(string Layer, string Kind, string Shape, long ChannelPairs, int H, int L, int E, int EIntersectL,
    bool Compatible, double CommutatorNorm, string Admissible, IReadOnlyList<string> StraddlingOrbits);

/// <summary>The geometry of a whole model: the group, the input and every linear layer.</summary>
/// <param name="Group">Group name.</param>
/// <param name="Order">|G|.</param>
/// <param name="Generators">Generator names.</param>
/// <param name="Input">The input's channels and site set.</param>
/// <param name="Layers">Per linear layer.</param>
public sealed record ModelGeometry(string Group, string Order, IReadOnlyList<string> Generators, string Input, IReadOnlyList<ModelLayerGeometry> Layers)
{
    /// <summary>Every layer compatible (a hypothesis of T2, docs/checks.md).</summary>
    public bool Compatible => Layers.All(l => l.Compatible);
}

using EquiDyn.Analysis;
using EquiDyn.Data;
using EquiDyn.Nn;
using EquiDyn.Training;
using static TorchSharp.torch;

namespace EquiDyn.Checks;

/// <summary>The three ways the experiments estimate the augmented gradient by sampling.</summary>
public enum SamplingPath
{
    /// <summary>One uniformly drawn group element per minibatch (<see cref="SamplingScope.PerBatch"/>).</summary>
    PerBatch,
    /// <summary>An independent uniform element per sample (<see cref="SamplingScope.PerSample"/>).</summary>
    PerSample,
    /// <summary>Nominal SGD on the rotated-copy (orbit-completed) training set, shuffled (the Aug of the rotation experiment, docs/experiments/mnist-c4.md).</summary>
    OrbitDataset,
}

/// <summary>Settings of <see cref="SampledAugmentationCheck"/>.</summary>
public sealed record SamplingCheckOptions
{
    /// <summary>Sampled gradients drawn (default 400); the error is tested after the first K/100, K/10 and K.</summary>
    public int Draws { get; init; } = 400;

    /// <summary>Samples per minibatch (default 8).</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>Seed of the sampler and of the data order (default 1).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Largest probability that a correct sampler fails the path's test (default 1e-3), shared by the three
    /// tested k by a union bound.</summary>
    public double FalseAlarmRate { get; init; } = 1e-3;

    /// <summary>The action the trainer samples from (null: the checked action). Tests inject a biased one here.</summary>
    public DataGroupAction? Sampler { get; init; }

    /// <summary>How the orbit-completed set is built from the images (null: <see cref="ImageDataset.WithRotationOrbits"/>).
    /// Tests inject a wrong one here.</summary>
    public Func<ImageDataset, ImageDataset>? OrbitSet { get; init; }
}

/// <summary>Result of <see cref="SampledAugmentationCheck"/> for one path.</summary>
/// <param name="Path">The sampling path.</param>
/// <param name="Draws">The k at which the error was tested.</param>
/// <param name="Errors">‖mean of the first k sampled gradients − ∇R_aug‖ / ‖∇R_aug‖ at each k.</param>
/// <param name="Thresholds">The bound each error must stay under (relative, ∝ 1/√k).</param>
/// <param name="Spread">√(tr Σ)/‖∇R_aug‖: the relative root-mean-square error of a single draw (exact, from the finite
/// distribution of draws).</param>
/// <param name="FalseAlarmRate">The test's false-alarm probability (union over the tested k).</param>
/// <param name="OrbitSetGap">Orbit path only: ‖∇R over the whole orbit set − ∇R_aug‖ / ‖∇R_aug‖ (must be rounding).</param>
public sealed record SamplingCheckResult(SamplingPath Path, int[] Draws, double[] Errors, double[] Thresholds, double Spread,
    double FalseAlarmRate, double? OrbitSetGap)
{
    /// <summary>The orbit set's full gradient must equal the exact augmented gradient to this (float64 sums of a few
    /// hundred terms: ~1e-15; 1e-12 leaves room for rounding, none for a missing or repeated rotation).</summary>
    public const double OrbitSetTolerance = 1e-12;

    /// <summary>Whether every error is under its bound (and the orbit set's gradient is exact).</summary>
    public bool Passes => Errors.Zip(Thresholds).All(p => p.First <= p.Second) && (OrbitSetGap is null || OrbitSetGap <= OrbitSetTolerance);

    /// <summary>Slope of log(error) against log(k) over the tested k (−½ for an unbiased sampler; towards 0 for a biased one).</summary>
    public double Slope => (Math.Log(Errors[^1]) - Math.Log(Errors[0])) / (Math.Log(Draws[^1]) - Math.Log(Draws[0]));
}

/// <summary>
/// Sampled augmentation is an unbiased estimate of exact augmentation: the mean of k sampled augmented gradients
/// converges to ∇R_aug with error ∝ 1/√k — for per-batch and per-sample uniform sampling and for SGD on the rotated-copy
/// dataset (which equals exact augmentation in expectation, and exactly over a whole pass).
/// </summary>
/// <remarks>
/// <para>The sampled gradients come from the production path: a <see cref="Trainer"/> takes one step of η = 1 and the
/// step's θ-change is read back and undone, so the point stays fixed. The reference ∇R_aug and the exact law of one draw
/// come from the per-(sample, group element) gradients G_{i,g} = ∇_θℓ(Φ(g·x_i), g·y_i), |G|·N of them, computed
/// directly.</para>
/// <para>The test. One draw X is a sum of independent block terms: a block is a minibatch (per batch), a sample (per
/// sample) or a drawn orbit-set sample (orbit path), and Y_B(g) = (1/N)Σ_{i∈B}G_{i,g}. So E‖X̄_k − ∇R_aug‖ ≤ √(tr Σ/k),
/// tr Σ = Σ_B Var(Y_B), and changing one block of one draw moves X̄_k by at most D_B/k, D_B = max_{g,g'}‖Y_B(g) − Y_B(g')‖.
/// McDiarmid's inequality then gives P(‖X̄_k − ∇R_aug‖ ≥ √(tr Σ/k) + √(ln(1/α)·Σ_B D_B²/(2k))) ≤ α for an unbiased
/// sampler: a bound ∝ 1/√k with a stated false-alarm rate α, and no distributional assumption. The orbit path draws
/// without replacement within a pass, which only concentrates the mean further (Hoeffding 1963, Thm 4), so the
/// with-replacement bound holds. A sampler with bias b fails once ‖b‖ exceeds the bound, which it does for k large
/// enough since the bound → 0.</para>
/// </remarks>
public static class SampledAugmentationCheck
{
    /// <summary>Runs the check for one path on a network in L with a unitary parametrization (at its current point).</summary>
    /// <param name="path">Which sampling to test.</param>
    /// <param name="network">The network (float64; its point is left unchanged).</param>
    /// <param name="data">The data (float inputs, class labels). The orbit path needs square single-plane images.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="action">The group's action on the data (listable).</param>
    /// <param name="options">Draws, batch size, seed, false-alarm rate, injected samplers.</param>
    public static SamplingCheckResult Run(SamplingPath path, StructuredNetwork network, TensorDataset data, LossKind loss,
        DataGroupAction action, SamplingCheckOptions? options = null)
    {
        options ??= new SamplingCheckOptions();
        if (action.Elements is null) throw new ArgumentException($"{action.GroupName} cannot be listed: the exact reference needs every element", nameof(action));
        if (options.Draws < 100) throw new ArgumentOutOfRangeException(nameof(options), options.Draws, "Draws must be ≥ 100 (tested at K/100, K/10, K).");
        if (options.BatchSize < 1 || data.Count % options.BatchSize != 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, $"the batch size must divide the {data.Count} samples");
        if (!(options.FalseAlarmRate > 0 && options.FalseAlarmRate < 1)) throw new ArgumentOutOfRangeException(nameof(options), "0 < FalseAlarmRate < 1");

        using var scope = NewDisposeScope();
        // float32-representable inputs: the orbit set is stored in float32 as in the experiments, and every path must
        // see the same samples for the exact identities to hold to rounding.
        data = new TensorDataset(data.Inputs.to_type(ScalarType.Float32).to_type(ScalarType.Float64), data.Targets);
        var coordinates = new NetworkCoordinates(network);
        var theta0 = coordinates.Flatten().DetachFromDisposeScope();
        try
        {
            long n = data.Count;
            // G[i, g, :] and the exact augmented gradient (the mean over samples and group elements; L3).
            var perElement = PerSampleGradients(network, data, loss, action);
            var exact = perElement.mean(new long[] { 0, 1 });
            double exactNorm = VectorChecks.Norm(exact);

            Tensor[] blocks; // Y_B(g) per block: [|G|, dim] each
            double? orbitGap = null;
            Func<int, Tensor[]> draw;
            int b = options.BatchSize;
            switch (path)
            {
                case SamplingPath.PerBatch:
                case SamplingPath.PerSample:
                {
                    int blockSize = path == SamplingPath.PerBatch ? b : 1;
                    blocks = Enumerable.Range(0, (int)(n / blockSize))
                        .Select(k => perElement.narrow(0, k * blockSize, blockSize).sum(new long[] { 0 }) / n).ToArray();
                    var strategy = new TrainingStrategy(StrategyKind.AugmentedSampled,
                        path == SamplingPath.PerBatch ? SamplingScope.PerBatch : SamplingScope.PerSample);
                    var trainer = new Trainer(network, strategy, loss, new TrainingOptions(1.0, b, Protocol.FullBatch, Shuffle: false, options.Seed),
                        options.Sampler ?? action);
                    draw = k => Steps(trainer, coordinates, theta0, data, k);
                    break;
                }
                case SamplingPath.OrbitDataset:
                {
                    var orbitSet = OrbitTensors(data, options.OrbitSet ?? (d => d.WithRotationOrbits()));
                    var items = PerSampleGradients(network, orbitSet, loss, null).squeeze(1); // [|G|N, dim]
                    orbitGap = VectorChecks.Norm(items.mean(new long[] { 0 }) - exact) / exactNorm;
                    // One draw = the mean of b orbit-set samples: b independent blocks, each a uniform orbit-set sample / b.
                    var single = (items / b).unsqueeze(0); // one block's values over the orbit set
                    blocks = Enumerable.Repeat(single.squeeze(0), b).ToArray();
                    var trainer = new Trainer(network, new TrainingStrategy(StrategyKind.Nominal), loss,
                        new TrainingOptions(1.0, b, Protocol.Minibatch, Shuffle: true, options.Seed));
                    draw = k => Steps(trainer, coordinates, theta0, orbitSet, k);
                    break;
                }
                default: throw new ArgumentOutOfRangeException(nameof(path));
            }

            // tr Σ and Σ_B D_B² of one draw, exactly, from the blocks' finite laws (uniform over their rows).
            double trace = 0, sumD2 = 0;
            foreach (var block in blocks)
            {
                var centred = block - block.mean(new long[] { 0 }, keepdim: true);
                trace += centred.pow(2).sum(1).mean().item<double>();
                double radius = Math.Sqrt(centred.pow(2).sum(1).max().item<double>());
                sumD2 += 4 * radius * radius; // D_B ≤ 2·max‖Y_B(g) − Ȳ_B‖
            }

            int[] at = { options.Draws / 100, options.Draws / 10, options.Draws };
            double logTerm = Math.Log(at.Length / options.FalseAlarmRate);
            var samples = draw(options.Draws);
            var running = zeros_like(exact);
            var errors = new double[at.Length];
            var thresholds = new double[at.Length];
            int next = 0;
            for (int k = 1; k <= options.Draws; k++)
            {
                running.add_(samples[k - 1]);
                if (k != at[next]) continue;
                errors[next] = VectorChecks.Norm(running / k - exact) / exactNorm;
                thresholds[next] = (Math.Sqrt(trace / k) + Math.Sqrt(logTerm * sumD2 / (2.0 * k))) / exactNorm;
                next++;
            }
            return new SamplingCheckResult(path, at, errors, thresholds, Math.Sqrt(trace) / exactNorm, options.FalseAlarmRate, orbitGap);
        }
        finally
        {
            coordinates.Load(theta0);
            theta0.Dispose();
        }
    }

    /// <summary>∇_θ of every single sample's loss under every group element (or, with no action, as it is):
    /// [N, |G| (or 1), dim θ].</summary>
    private static Tensor PerSampleGradients(StructuredNetwork network, TensorDataset data, LossKind loss,
        DataGroupAction? action)
    {
        var elements = action?.Elements;
        var rows = new List<Tensor>();
        for (long i = 0; i < data.Count; i++)
        {
            var x = data.Inputs.narrow(0, i, 1).to_type(ScalarType.Float64);
            var y = data.Targets.narrow(0, i, 1);
            var row = new List<Tensor>();
            foreach (var (gx, gy) in elements is null ? new[] { (x, y) } : elements.Select(g => action!.Apply(g, x, y)))
            {
                using var inner = NewDisposeScope();
                network.zero_grad();
                Losses.Compute(loss, network.call(gx), gy).backward();
                row.Add(cat(network.Coefficients.Select(p => p.grad!.detach().reshape(-1).to_type(ScalarType.Float64)).ToArray(), 0)
                    .clone().MoveToOuterDisposeScope());
            }
            rows.Add(stack(row, 0));
        }
        network.zero_grad();
        return stack(rows, 0);
    }

    /// <summary>k trainer steps at the fixed point θ₀: each step's gradient is θ₀ − θ (η = 1), then θ₀ is restored.</summary>
    private static Tensor[] Steps(Trainer trainer, NetworkCoordinates coordinates, Tensor theta0, TensorDataset data, int k)
    {
        var gradients = new List<Tensor>(k);
        while (gradients.Count < k)
        {
            trainer.RunEpoch(data, _ =>
            {
                if (gradients.Count >= k) { coordinates.Load(theta0); return; }
                gradients.Add(theta0 - coordinates.Flatten());
                coordinates.Load(theta0);
            });
        }
        return gradients.ToArray();
    }

    /// <summary>The orbit-completed set of the images, built by <paramref name="build"/> from float32 copies of them, as
    /// tensors (float32 inputs as the experiments keep them, int64 labels).</summary>
    private static TensorDataset OrbitTensors(TensorDataset data, Func<ImageDataset, ImageDataset> build)
    {
        var shape = data.Inputs.shape;
        if (shape.Length != 4) throw new ArgumentException("the orbit path needs images [N, C, H, W]", nameof(data));
        var pixels = data.Inputs.to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
        var labels = data.Targets.to_type(ScalarType.Int64).data<long>().Select(l => (int)l).ToArray();
        var set = build(new ImageDataset(pixels, (int)shape[0], (int)shape[1], (int)shape[2], (int)shape[3], labels));
        var x = tensor(set.Images, new long[] { set.Count, set.Channels, set.Height, set.Width });
        var y = tensor(set.Labels!.Select(l => (long)l).ToArray());
        return new TensorDataset(x, y);
    }
}

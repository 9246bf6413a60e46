namespace EquiDyn.Training;

/// <summary>The three ways of training the same network (docs/concepts.md), with the variants of each.</summary>
public enum StrategyKind
{
    /// <summary>Nom: gradient descent on R(A) over the admissible layers L.</summary>
    Nominal,
    /// <summary>Aug, exact: every sample enters with all |G| transforms, so the loss is the orbit average R_aug.</summary>
    AugmentedExact,
    /// <summary>Aug, sampled: group elements drawn uniformly (per batch or per sample): an unbiased estimate of R_aug.</summary>
    AugmentedSampled,
    /// <summary>Equi: the model is parametrized in an orthonormal basis of E∩L.</summary>
    Equivariant,
    /// <summary>Equi as projected gradient: a model in L whose θ-gradient is projected onto E∩L before every step
    /// (all layers — the authors' unprojected last layer, docs/paper-code.md B3, is not copied). Agrees step for step with
    /// <see cref="Equivariant"/> under a unitary parametrization.</summary>
    EquivariantProjected,
}

/// <summary>Whether sampled augmentation draws one element per batch (the authors' v1/v2 code) or one per sample.</summary>
public enum SamplingScope
{
    /// <summary>One uniform element applied to the whole batch.</summary>
    PerBatch,
    /// <summary>An independent uniform element for every sample.</summary>
    PerSample,
}

/// <summary>How gradient steps are taken.</summary>
public enum Protocol
{
    /// <summary>One gradient step per epoch over the accumulated mean-loss gradient of all minibatches (v1/v2).</summary>
    FullBatch,
    /// <summary>One step per minibatch, data reshuffled every epoch (v3+).</summary>
    Minibatch,
}

/// <summary>A training strategy with its options.</summary>
/// <param name="Kind">Nominal, augmented (exact or sampled) or equivariant (parametrized or projected).</param>
/// <param name="Scope">For sampled augmentation: per batch or per sample.</param>
/// <param name="AugmentationPasses">For sampled augmentation under <see cref="Protocol.FullBatch"/>: passes L over the
/// data per step, each with fresh elements, the gradient scaled by 1/L (the paper's augnumber, 25).</param>
/// <param name="Gamma">Weight γ of the stabilising regulariser (γ/2)‖A − Π_E A‖² (0: off; docs/stability.md).</param>
public sealed record TrainingStrategy(StrategyKind Kind, SamplingScope Scope = SamplingScope.PerBatch,
    int AugmentationPasses = 1, double Gamma = 0)
{
    /// <summary>Whether the strategy needs a group action on the data.</summary>
    public bool UsesGroupAction => Kind is StrategyKind.AugmentedExact or StrategyKind.AugmentedSampled;

    /// <summary>A short name for file names and reports ("nominal", "augmented-exact", …).</summary>
    public string Name => Kind switch
    {
        StrategyKind.Nominal => "nominal",
        StrategyKind.AugmentedExact => "augmented-exact",
        StrategyKind.AugmentedSampled => Scope == SamplingScope.PerBatch ? "augmented-sampled" : "augmented-sampled-per-sample",
        StrategyKind.Equivariant => "equivariant",
        StrategyKind.EquivariantProjected => "equivariant-projected",
        _ => Kind.ToString(),
    };
}

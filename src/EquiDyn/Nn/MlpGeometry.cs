using EquiDyn.Geometry;
using EquiDyn.Symmetry;

namespace EquiDyn.Nn;

/// <summary>
/// The exact geometry of the three layer types of the paper's fully connected MLPs (docs/experiments/) for one group
/// acting on one site set: dense sites → sites, the invariant head sites → trivial, and fully connected trivial → trivial.
/// </summary>
/// <remarks>
/// <para>
/// Each block is analysed once with <see cref="LayerGeometry.Analyze(LayerSpace, AdmissibleSpace, double)"/> with L = H
/// (an MLP admits every linear map), so E∩L = E and L is trivially compatible. E is spanned by the orbit indicators of
/// the block's entries under ρ̄_g W = ρ_out(g) W ρ_in(g)⁻¹; dim E = number of orbits = (Burnside)
/// (1/|G|) Σ_g fix_out(g)·fix_in(g).
/// </para>
/// <para>
/// All three bases are gather/scatter orbit bases, so a dense 14×14 → 14×14 block (D = 38,416 entries) costs O(D) to
/// analyse and to project. The architecture builders cache one instance per (group, size) and share it between the
/// layers and models that use it; the instance is immutable.
/// </para>
/// </remarks>
/// <param name="Sites">The group's action on the sites of one channel (pixels, adjacency entries).</param>
/// <param name="SitesToSites">Geometry of a dense S×S block between two site-indexed channels.</param>
/// <param name="SitesToInvariant">Geometry of a 1×S block from a site-indexed channel to an invariant feature.</param>
/// <param name="InvariantToInvariant">Geometry of a 1×1 block between invariant features: E = H = ℝ.</param>
public sealed record MlpGeometry(SiteAction Sites, BlockGeometry SitesToSites, BlockGeometry SitesToInvariant,
    BlockGeometry InvariantToInvariant)
{
    /// <summary>The trivial action of the same group on one site (an invariant feature or a class score).</summary>
    public SiteAction Invariant => SiteAction.Trivial(Sites.Group, 1);

    /// <summary>The exact analysis behind <see cref="SitesToSites"/> (dimensions, compatibility; for reports).</summary>
    public LayerGeometry SitesToSitesAnalysis { get; private init; } = null!;

    /// <summary>The exact analysis behind <see cref="SitesToInvariant"/>.</summary>
    public LayerGeometry SitesToInvariantAnalysis { get; private init; } = null!;

    /// <summary>The exact analysis behind <see cref="InvariantToInvariant"/>.</summary>
    public LayerGeometry InvariantToInvariantAnalysis { get; private init; } = null!;

    /// <summary>Analyses the three block types for a group acting on <paramref name="sites"/> (uncached).</summary>
    public static MlpGeometry Of(SiteAction sites)
    {
        ArgumentNullException.ThrowIfNull(sites);
        var trivial = SiteAction.Trivial(sites.Group, 1);
        var (dense, head, fc) = (Analyze(sites, sites), Analyze(sites, trivial), Analyze(trivial, trivial));
        return new MlpGeometry(sites, BlockGeometry.From(dense), BlockGeometry.From(head), BlockGeometry.From(fc))
        {
            SitesToSitesAnalysis = dense, SitesToInvariantAnalysis = head, InvariantToInvariantAnalysis = fc,
        };
    }

    private static LayerGeometry Analyze(SiteAction input, SiteAction output)
    {
        var space = LayerSpace.Dense(input, output);
        return LayerGeometry.Analyze(space, AdmissibleSpace.Full(space.Dimension));
    }
}

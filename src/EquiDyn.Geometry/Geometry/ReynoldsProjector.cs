using EquiDyn.Symmetry;

namespace EquiDyn.Geometry;

/// <summary>Π_E for a layer between general orthogonal representations: the Reynolds average over all group elements.</summary>
/// <remarks>
/// <para>
/// H = Hom(ℝ^{d_in}, ℝ^{d_out}), entries A[o, i] at index o·d_in + i. ρ̄_g A = ρ_out(g) A ρ_in(g)⁻¹ = ρ_out(g) A ρ_in(g)ᵀ and
/// Π_E = (1/|G|)Σ_g ρ̄_g; Π² = Π = Πᵀ because ρ̄ is orthogonal and the sum is over a group. Costs |G| matrix products
/// per application, so it needs a listable group; permutation actions should use <see cref="LayerSpace"/>'s orbit
/// averaging instead, which is the same operator in O(d).
/// </para>
/// <para>Rank = dim Hom_G = (1/|G|)Σ_g χ_out(g) χ_in(g) (characters are real for orthogonal representations).</para>
/// </remarks>
public sealed class ReynoldsProjector : Projector
{
    private readonly OrthogonalRepresentation _input;
    private readonly OrthogonalRepresentation _output;
    private readonly int _rank;

    /// <summary>Π_E on Hom(input, output).</summary>
    public ReynoldsProjector(OrthogonalRepresentation input, OrthogonalRepresentation output)
        : base(checked((input ?? throw new ArgumentNullException(nameof(input))).Dimension * (output ?? throw new ArgumentNullException(nameof(output))).Dimension))
    {
        if (!input.Group.Equals(output.Group))
            throw new ArgumentException($"The input representation is of {input.Group.Name} but the output one is of {output.Group.Name}; a layer needs one group.", nameof(output));
        _input = input;
        _output = output;
        double dimension = 0;
        foreach (var g in input.Group.Elements) dimension += input.Character(g) * output.Character(g);
        _rank = (int)Math.Round(dimension / input.Group.Elements.Count);
    }

    /// <inheritdoc />
    public override int Rank => _rank;

    /// <inheritdoc />
    public override void Apply(ReadOnlySpan<double> x, Span<double> result)
    {
        if (x.Length != Dimension || result.Length != Dimension) throw new ArgumentException($"Expected vectors of length {Dimension}.");
        int dIn = _input.Dimension, dOut = _output.Dimension;
        var sum = new double[Dimension];
        var left = new double[dOut * dIn];
        var inputs = _input.ElementMatrices;
        var outputs = _output.ElementMatrices;
        for (int g = 0; g < inputs.Count; g++)
        {
            var rOut = outputs[g];
            var rIn = inputs[g];
            // left = ρ_out(g) A
            Array.Clear(left);
            for (int o = 0; o < dOut; o++)
            for (int k = 0; k < dOut; k++)
            {
                double r = rOut[o, k];
                if (r == 0) continue;
                for (int i = 0; i < dIn; i++) left[o * dIn + i] += r * x[k * dIn + i];
            }
            // sum += left ρ_in(g)ᵀ
            for (int o = 0; o < dOut; o++)
            for (int i = 0; i < dIn; i++)
            {
                double s = 0;
                for (int k = 0; k < dIn; k++) s += left[o * dIn + k] * rIn[i, k];
                sum[o * dIn + i] += s;
            }
        }
        for (int e = 0; e < Dimension; e++) result[e] = sum[e] / inputs.Count;
    }
}

using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Support;

/// <summary>dim E of a dense block by Burnside's lemma, independently of the union-find orbits of the geometry layer:
/// ρ̄_g fixes entry (o, i) iff g fixes o and i, so dim E = #orbits = (1/|G|) Σ_g fix_out(g)·fix_in(g).</summary>
public static class Burnside
{
    public static int DenseDimension(SiteAction input, SiteAction output)
    {
        var ins = input.ElementPermutations;
        var outs = output.ElementPermutations;
        long total = 0;
        for (int g = 0; g < ins.Count; g++) total += (long)Fixed(outs[g]) * Fixed(ins[g]);
        Assert.Equal(0, total % ins.Count);
        return (int)(total / ins.Count);
    }

    private static int Fixed(int[] p) => p.Where((image, s) => image == s).Count();
}

using System.Globalization;
using EquiDyn.Analysis;

namespace EquiDyn.Reporting.Text;

/// <summary>The human-readable summary of a <see cref="StabilityReport"/> (plain lines: it must read the same in a log
/// file as in a terminal).</summary>
public static class StabilitySummary
{
    /// <summary>Writes the summary: the point, the risks and gradients, both Hessian blocks, the verdicts, the growth off E
    /// and the stabilising γ.</summary>
    public static void Print(StabilityReport r, TextWriter w)
    {
        w.WriteLine($"Stability analysis: {r.Problem} (n = {r.Dimension})");
        w.WriteLine($"  {r.Description}");
        if (r.Theta is { } theta)
            w.WriteLine($"  θ* = ({string.Join(", ", theta.Select((x, i) => $"{NameOf(r, i)} {F(x)}"))})");
        w.WriteLine($"  R_aug(θ*) = {F(r.AugmentedRisk)}" + (r.NominalRisk is { } nominal ? $"   R(θ*) = {F(nominal)}" : ""));
        w.WriteLine($"  ‖∇R_aug‖ = {F(r.AugmentedGradient.Norm)}   (E∩L part {F(r.AugmentedGradient.EquivariantNorm)}, E⊥∩L part {F(r.AugmentedGradient.ComplementNorm)})");
        if (r.NominalGradient is { } ng)
            w.WriteLine($"  ‖∇R‖     = {F(ng.Norm)}   (E∩L part {F(ng.EquivariantNorm)}, E⊥∩L part {F(ng.ComplementNorm)})"
                        + (ng.Vector is { } g ? $"   ∇R = ({string.Join(", ", g.Select(F))})" : ""));

        w.WriteLine("Augmented Hessian blocks (Lanczos on Hessian-vector products):");
        w.WriteLine("  block    λ_min        λ_max        max residual  Ritz values                         HVPs  restarts");
        Block(w, "E∩L", r.EquivariantBlock);
        Block(w, "E⊥∩L", r.ComplementBlock);
        w.WriteLine($"  cross ‖Π(E⊥∩L) H Π(E∩L)‖ = {E(r.CrossBlock.Estimate)} (power iteration, {r.CrossBlock.Products} HVPs)"
                    + (r.CrossBlock.Exact is { } exact ? $", exact {E(exact)}" : "")
                    + $"; relative to max|λ|: {E(r.CrossBlock.Relative)}");
        if (r.Dense is { } dense)
            w.WriteLine($"  dense check: eigenvalues ({string.Join(", ", dense.Eigenvalues.Select(F))}), asymmetry {E(dense.Asymmetry)}");

        w.WriteLine("Verdicts:");
        w.WriteLine($"  Equi: {r.Equivariant.Class,-8} {r.Equivariant.Reason}");
        w.WriteLine($"  Aug:  {r.Augmented.Class,-8} {r.Augmented.Reason}");

        if (r.Growth is { } growth)
        {
            w.WriteLine($"Growth of a perturbation off E under GD on R_aug (η = {F(growth.Eta)}, start A* + ε·v_min, λ_min = {F(growth.Eigenvalue)}):");
            w.WriteLine($"  predicted |1 − ηλ_min| = {F(growth.PredictedFactor)} per step; simulated {F(growth.MeasuredFactor)} (geometric mean over {growth.Distances.Length - 1} steps)");
            var marks = Enumerable.Range(0, growth.Distances.Length).Where(k => k % 20 == 0 || k == growth.Distances.Length - 1).Distinct();
            w.WriteLine($"  distance to E∩L: {string.Join(" → ", marks.Select(k => $"{F(growth.Distances[k])} ({k})"))}");
        }
        w.WriteLine($"Smallest stabilising γ: {F(r.StabilisingGammaThreshold)} (R_aug + (γ/2)‖Π_E⊥ θ‖² is stable for Aug for every γ above it)");
        if (r.Regularised is { } reg)
        {
            w.WriteLine($"Regularised, γ = {F(reg.Gamma)}: λ_min(E⊥∩L block) = {F(reg.ComplementMin)} (residual {E(reg.Residual)}); Aug {reg.Verdict.Class}");
            w.WriteLine($"  GD {reg.Steps} steps from the same start: distance {F(reg.StartDistance)} → {F(reg.FinalDistance)} ({(reg.ReturnsToSubspace ? "returns to E" : "escapes from E")})");
        }
        w.WriteLine($"Hessian-vector products: {r.HessianVectorProducts}");
    }

    private static void Block(TextWriter w, string name, LanczosResult block)
    {
        string values = string.Join(", ", block.Pairs.Select(p => F(p.Value)));
        if (values.Length > 34) values = values[..31] + "...";
        w.WriteLine($"  {name,-7}  {F(block.Min),11}  {F(block.Max),11}  {E(block.MaxResidual),12}  {values,-34}  {block.Products,4}  {block.Restarts,8}");
    }

    private static string NameOf(StabilityReport r, int i) => r.ParameterNames is { } names ? names[i] : $"θ{i}";

    private static string F(double x) => x.ToString("0.######", CultureInfo.InvariantCulture) is var s && s is "0" or "-0" && x != 0
        ? E(x)
        : x.ToString("0.#######", CultureInfo.InvariantCulture);

    private static string E(double x) => x.ToString("0.0E+00", CultureInfo.InvariantCulture);
}

namespace EquiDyn.Data;

/// <summary>
/// The scalar mean μ̂ and standard deviation σ̂ of all pixel values of a (training) set, used to normalise
/// x ↦ (x − μ̂)/σ̂ (docs/experiments/mnist-c4.md: computed at run time from the training set; for MNIST μ̂ ≈ 0.1307, σ̂ ≈ 0.3081).
/// </summary>
/// <param name="Mean">The mean pixel value.</param>
/// <param name="Std">The standard deviation with Bessel's correction (n − 1), as <c>torch.Tensor.std()</c> computes it.</param>
public readonly record struct NormalizationStats(double Mean, double Std);

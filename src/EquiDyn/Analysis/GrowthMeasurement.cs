namespace EquiDyn.Analysis;

/// <summary>Predicted vs simulated per-step growth of a perturbation off 𝓔 under gradient descent on R^aug.</summary>
/// <remarks>Linearising GD θ ← θ − η∇R^aug(θ) at A* decouples the 𝓔^⊥ component (docs/stability.md): along an eigenvector of the
/// 𝓔^⊥∩𝓛 block with eigenvalue λ it is multiplied by 1 − ηλ per step, i.e. grows by 1 + η|λ| when λ &lt; 0. The
/// simulation starts at A* + ε·v_min and measures d_k = ‖θ_k − Π_{𝓔∩𝓛}θ_k‖, the distance to 𝓔∩𝓛.</remarks>
/// <param name="Eta">η.</param>
/// <param name="Eigenvalue">λ_min of the 𝓔^⊥∩𝓛 block, the direction perturbed.</param>
/// <param name="PredictedFactor">|1 − ηλ_min|.</param>
/// <param name="MeasuredFactor">(d_N / d_0)^{1/N}, the geometric-mean factor of the simulation.</param>
/// <param name="Distances">d_0 … d_N.</param>
public sealed record GrowthMeasurement(double Eta, double Eigenvalue, double PredictedFactor, double MeasuredFactor, double[] Distances);

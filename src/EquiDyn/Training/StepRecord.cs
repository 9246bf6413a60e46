namespace EquiDyn.Training;

/// <summary>What was measured at one gradient step.</summary>
/// <param name="Step">Global step index, from 1.</param>
/// <param name="Epoch">Epoch index, from 1.</param>
/// <param name="Loss">Training loss of the step's data before the step (for the strategy's own risk).</param>
/// <param name="Accuracy">Fraction of correct predictions on the step's data, before the step.</param>
/// <param name="GradientNorm">‖∇_θ‖ over all layers of the gradient handed to the optimizer (for plain SGD the direction
/// stepped along; Adam and momentum rescale or accumulate it).</param>
/// <param name="DistanceToIntersection">d_k = ‖A_k − Π_{E∩L}A_k‖ per layer after the step.</param>
/// <param name="WeightNorm">‖A_k‖ per layer after the step.</param>
/// <param name="DistanceFromStart">‖A_k − A_k⁰‖ per layer after the step.</param>
public sealed record StepRecord(long Step, int Epoch, double Loss, double Accuracy, double GradientNorm,
    double[] DistanceToIntersection, double[] WeightNorm, double[] DistanceFromStart)
{
    /// <summary>(Σ_k d_k²)^{1/2}.</summary>
    public double TotalDistance => LayerTelemetry.Total(DistanceToIntersection);

    /// <summary>d_k / ‖A_k‖ per layer (0 for a zero layer).</summary>
    public double[] RelativeDistance => DistanceToIntersection.Select((d, k) => WeightNorm[k] > 0 ? d / WeightNorm[k] : 0).ToArray();

    /// <summary>(Σ_k d_k²)^{1/2} / (Σ_k ‖A_k‖²)^{1/2}.</summary>
    public double TotalRelativeDistance
    {
        get
        {
            double norm = LayerTelemetry.Total(WeightNorm);
            return norm > 0 ? TotalDistance / norm : 0;
        }
    }

    /// <summary>(Σ_k ‖A_k − A_k⁰‖²)^{1/2}.</summary>
    public double TotalDistanceFromStart => LayerTelemetry.Total(DistanceFromStart);
}

/// <summary>Test-set metrics after an epoch.</summary>
public sealed record EpochRecord(int Epoch, double TestLoss, double TestAccuracy);

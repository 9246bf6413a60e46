using System.Text.Json;
using System.Text.Json.Serialization;

namespace EquiDyn.Experiments;

/// <summary>
/// Where the Equi phase of a transfer run ended (<c>transfer.json</c> in its directory): the point the theory is
/// about is a trained equivariant model near a stationary point of the risk restricted to E∩L (docs/experiments/mnist-c4.md, docs/checks.md T1/T2).
/// </summary>
/// <remarks>All risks are the mean loss R over the whole (unaugmented) training set; gradient norms are
/// ‖∇_θR‖ in the unitary coordinates θ of E∩L, i.e. ‖Π_{E∩L}∇R‖ — the gradient restricted to E∩L.</remarks>
/// <param name="InitialLoss">R at the initial point of the Equi phase.</param>
/// <param name="InitialGradientNorm">‖Π_{E∩L}∇R‖ at the initial point.</param>
/// <param name="Loss">R at the transfer point (the end of the Equi phase).</param>
/// <param name="TrainAccuracy">Training-set accuracy at the transfer point.</param>
/// <param name="GradientNorm">‖Π_{E∩L}∇R‖ at the transfer point.</param>
/// <param name="TestLoss">Test loss at the transfer point.</param>
/// <param name="TestAccuracy">Test accuracy at the transfer point.</param>
/// <param name="LastEpochLossChange">|mean training loss of the last epoch − of the one before| / the one before
/// (null with fewer than two epochs): how far the training loss still moved when the phase stopped.</param>
public sealed record TransferPoint(double InitialLoss, double InitialGradientNorm, double Loss, double TrainAccuracy,
    double GradientNorm, double TestLoss, double TestAccuracy, double? LastEpochLossChange)
{
    /// <summary>The file name in an Equi phase's directory.</summary>
    public const string FileName = "transfer.json";

    /// <summary>‖∇R‖ at the transfer point relative to its value at the initial point (≤ 0.01: fallen 100×).</summary>
    [JsonIgnore] // derived; NaN (no gradient at the start) has no JSON spelling
    public double RelativeGradientNorm => InitialGradientNorm > 0 ? GradientNorm / InitialGradientNorm : double.NaN;

    /// <summary>Reads a <c>transfer.json</c>.</summary>
    /// <exception cref="Data.DataFormatException">The file is not a transfer point.</exception>
    public static TransferPoint Read(string path) =>
        RunFiles.ReadJson<TransferPoint>(path, "a transfer point {\"initialLoss\": …, \"gradientNorm\": …}");

    /// <summary>Writes the record as indented JSON.</summary>
    public void Write(string path) => AtomicFile.WriteText(path, JsonSerializer.Serialize(this, ExperimentSpec.JsonOptions) + "\n");
}

using EquiDyn.Experiments;
using EquiDyn.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EquiDyn.Reporting;

/// <summary>
/// Writes TensorBoard event files while a sweep trains (<c>equidyn run --tensorboard</c>): one event file per run,
/// in the run's own directory, so <c>tensorboard --logdir &lt;sweep&gt;</c> lists the runs by their directory names
/// (<c>cross-seed0</c>, …). Uses TorchSharp's <c>torch.utils.tensorboard.SummaryWriter</c> (TFRecord framing with
/// CRC-32C, Event protobufs).
/// </summary>
/// <remarks>Scalars, per phase (<c>equivariant</c>, <c>augmented</c>, <c>training</c>) at the phase's global step:
/// every step <c>PHASE/loss</c>, <c>PHASE/accuracy</c>, <c>PHASE/gradient_norm</c>, <c>PHASE/distance</c> (total
/// distance to E∩L, (Σ_k d_k²)^½) and <c>PHASE/distance_layer_K</c> (K from 1, the network's layer order); every
/// epoch <c>PHASE/test_loss</c> and <c>PHASE/test_accuracy</c> at the epoch's last step. TensorBoard stores 32-bit
/// floats; the exact numbers stay in <c>metrics.csv</c>. A resumed run appends a new event file with the steps
/// after its checkpoint.</remarks>
public sealed class TensorBoardObserver(string sweepDirectory) : IRunObserver
{
    private readonly Dictionary<string, SummaryWriter> _writers = new();
    private readonly Dictionary<(string, string), long> _lastStep = new();

    /// <inheritdoc />
    public void Log(string message) { }

    /// <inheritdoc />
    public void PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch) => Writer(job);

    /// <inheritdoc />
    public void StepCompleted(RunJob job, string phase, StepRecord record)
    {
        var w = Writer(job);
        int step = checked((int)record.Step);
        w.add_scalar($"{phase}/loss", (float)record.Loss, step);
        w.add_scalar($"{phase}/accuracy", (float)record.Accuracy, step);
        w.add_scalar($"{phase}/gradient_norm", (float)record.GradientNorm, step);
        w.add_scalar($"{phase}/distance", (float)record.TotalDistance, step);
        for (int k = 0; k < record.DistanceToIntersection.Length; k++)
            w.add_scalar($"{phase}/distance_layer_{k + 1}", (float)record.DistanceToIntersection[k], step);
        _lastStep[(job.DirectoryName, phase)] = record.Step;
    }

    /// <inheritdoc />
    public void EpochCompleted(RunJob job, string phase, EpochRow row)
    {
        if (double.IsNaN(row.TestLoss)) return; // the test set was not evaluated after this epoch (evaluateEvery)
        var w = Writer(job);
        int step = checked((int)_lastStep.GetValueOrDefault((job.DirectoryName, phase), row.Epoch * row.Steps));
        w.add_scalar($"{phase}/test_loss", (float)row.TestLoss, step);
        w.add_scalar($"{phase}/test_accuracy", (float)row.TestAccuracy, step);
    }

    /// <inheritdoc />
    public void RunCompleted(RunJob job, string directory, RunSummary summary) => _writers.Remove(job.DirectoryName);

    private SummaryWriter Writer(RunJob job)
    {
        if (!_writers.TryGetValue(job.DirectoryName, out var writer))
        {
            var dir = Path.Combine(sweepDirectory, job.DirectoryName);
            Directory.CreateDirectory(dir);
            writer = utils.tensorboard.SummaryWriter(dir);
            _writers[job.DirectoryName] = writer;
        }
        return writer;
    }
}

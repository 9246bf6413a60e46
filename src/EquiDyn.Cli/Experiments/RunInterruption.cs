using EquiDyn.Experiments;
using EquiDyn.Training;

namespace EquiDyn.Cli.Experiments;

/// <summary>Ctrl-C during <c>equidyn run</c>. The first press asks the sweep to stop after the current step (the
/// observer throws <see cref="OperationCanceledException"/> out of the runner, whose last checkpoint stays the resume
/// point); the caller then restores the terminal and prints where the sweep stood and the exact <c>--resume</c>
/// command. A second press quits at once, after the same message.</summary>
public sealed class RunInterruption : IRunObserver, IDisposable
{
    /// <summary>Exit code of a run stopped by Ctrl-C: 128 + SIGINT, as shells report it.</summary>
    public const int ExitCode = 130;

    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string> _message;
    private readonly TextWriter _error;
    private readonly long? _afterSteps;
    private long _steps;
    private readonly bool _listening;

    /// <param name="message">The interruption message (computed when it happens).</param>
    /// <param name="error">Where the messages go (stderr).</param>
    /// <param name="listen">Handle Ctrl-C of the console (false in tests).</param>
    /// <param name="afterSteps">Request the stop after this many steps: the same path as a key press, for tests.</param>
    public RunInterruption(Func<string> message, TextWriter error, bool listen, long? afterSteps = null)
    {
        _message = message;
        _error = error;
        _afterSteps = afterSteps;
        _listening = listen;
        if (listen) Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>True once a stop was requested.</summary>
    public bool Requested => _stop.IsCancellationRequested;

    /// <summary>Asks the sweep to stop after the current step (what the first Ctrl-C does).</summary>
    public void Request() => _stop.Cancel();

    /// <summary>Shows the terminal cursor again (a progress display hides it).</summary>
    public static void RestoreCursor()
    {
        if (!Console.IsErrorRedirected) Console.Error.Write("\u001b[?25h");
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (!_stop.IsCancellationRequested)
        {
            e.Cancel = true;
            _stop.Cancel();
            return;
        }
        // Second press: quit now (the last checkpoint is still the resume point).
        RestoreCursor();
        _error.WriteLine();
        _error.WriteLine(_message());
        _error.Flush();
        e.Cancel = false;
    }

    private void Check()
    {
        if (_stop.IsCancellationRequested) throw new OperationCanceledException(_stop.Token);
    }

    void IRunObserver.Log(string message) { }

    void IRunObserver.PhaseStarted(RunJob job, string phase, int epochs, int completedEpochs, long stepsPerEpoch) => Check();

    void IRunObserver.StepCompleted(RunJob job, string phase, StepRecord record)
    {
        if (_afterSteps is { } n && ++_steps >= n) Request();
        Check();
    }

    void IRunObserver.EpochCompleted(RunJob job, string phase, EpochRow row) => Check();

    void IRunObserver.RunCompleted(RunJob job, string directory, RunSummary summary) => Check();

    public void Dispose()
    {
        if (_listening) Console.CancelKeyPress -= OnCancelKeyPress;
        _stop.Dispose();
    }
}

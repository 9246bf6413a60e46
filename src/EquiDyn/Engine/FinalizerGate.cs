using System.Runtime.CompilerServices;

namespace EquiDyn.Engine;

/// <summary>
/// Holds .NET finalizers back while threads train with libtorch, and lets them run only when every such thread stands
/// at a safe point (between two steps, outside libtorch). One gate per process: finalizers are process-wide.
/// </summary>
/// <remarks>
/// <para>Why: TorchSharp passes the native handle of a <c>Scalar</c> (or of a temporary tensor) to libtorch and keeps
/// no reference to the managed object during the call: <c>t.add_(0.5)</c> and every internal <c>alpha = 1</c> create
/// a Scalar nobody disposes. If a garbage collection happens meanwhile, the object is unreachable, and the finalizer
/// thread frees the native Scalar while libtorch still reads it; glibc then overwrites its type tag and libtorch stops
/// with "INTERNAL ASSERT FAILED at c10/core/Scalar.h" (or reads a garbage value). A thread meets such a collection only
/// when another thread allocates: rarely with one run (a progress display's thread), within seconds with two runs at
/// once (<c>FinalizerGateTests</c> reproduces it without the gate).</para>
/// <para>How: while a thread is registered (<see cref="Register"/>), one object whose finalizer blocks keeps the single
/// finalizer thread busy, so no other finalizer runs; collections still reclaim memory, and the objects that need
/// finalizing wait in the queue. About every <see cref="DrainInterval"/> a registered thread at a safe point asks for a
/// drain; once every registered thread waits at a safe point (or has left), the blocker is released, the queue is
/// finalized, and a new blocker is armed before the threads go on. When the last thread leaves, the blocker is
/// released for good. Nothing is finalized while a registered thread may be inside libtorch.</para>
/// </remarks>
public static class FinalizerGate
{
    private static readonly object Lock = new();
    private static readonly System.Diagnostics.Stopwatch SinceDrain = System.Diagnostics.Stopwatch.StartNew();
    private static ManualResetEventSlim? _release;
    private static int _registered, _waiting;
    private static long _generation;

    [ThreadStatic] private static int _depth;

    /// <summary>How often the held-back finalizers run (each drain costs every registered thread at most the rest of
    /// one step).</summary>
    public static TimeSpan DrainInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Drains so far in this process.</summary>
    public static long Drains { get; private set; }

    /// <summary>Whether finalizers are held back now.</summary>
    public static bool Armed
    {
        get { lock (Lock) return _release is not null; }
    }

    /// <summary>The calling thread takes part until the returned registration is disposed: from now on a drain waits
    /// for it to reach a <see cref="SafePoint"/>. Dispose it on the same thread, when it will not call libtorch again.</summary>
    public static IDisposable Register()
    {
        lock (Lock)
        {
            if (_depth++ == 0)
            {
                if (_registered++ == 0) Arm();
            }
        }
        return new Registration();
    }

    /// <summary>Takes the calling thread out of the gate until the returned object is disposed (on the same thread):
    /// for a registered thread that waits for others (e.g. joins the threads it started) instead of reaching safe
    /// points. A thread that is not registered gets a no-op.</summary>
    public static IDisposable StepAside()
    {
        lock (Lock)
        {
            int depth = _depth;
            if (depth == 0) return new StepAsideToken(0);
            _depth = 0;
            Unregister();
            return new StepAsideToken(depth);
        }
    }

    private sealed class StepAsideToken(int depth) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed || depth == 0) return;
            _disposed = true;
            lock (Lock)
            {
                _depth = depth;
                if (_registered++ == 0) Arm();
            }
        }
    }

    /// <summary>The calling thread is outside libtorch and holds no native handle it still needs: finalizers may run
    /// now. Drains when one is due and every registered thread has arrived; returns at once on a thread that is not
    /// registered.</summary>
    public static void SafePoint()
    {
        if (_depth == 0) return;
        lock (Lock)
        {
            if (_waiting == 0 && SinceDrain.Elapsed < DrainInterval) return;
            _waiting++;
            if (_waiting == _registered)
            {
                DrainAndRelease();
                return;
            }
            long generation = _generation;
            while (generation == _generation) Monitor.Wait(Lock);
        }
    }

    private sealed class Registration : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            lock (Lock)
            {
                if (--_depth > 0) return;
                Unregister();
            }
        }
    }

    /// <summary>One thread fewer takes part (under the lock).</summary>
    private static void Unregister()
    {
        _registered--;
        if (_registered == 0)
        {
            // The last thread leaves: finalizers run freely again.
            _release?.Set();
            _release = null;
            _waiting = 0;
            _generation++;
            Monitor.PulseAll(Lock);
        }
        else if (_waiting > 0 && _waiting == _registered)
        {
            DrainAndRelease(); // a drain was waiting only for this thread
        }
    }

    /// <summary>With every registered thread waiting (or gone): finalize the queue, re-arm, let the threads go.</summary>
    private static void DrainAndRelease()
    {
        _release?.Set();
        _release = null;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Arm();
        Drains++;
        _waiting = 0;
        _generation++;
        SinceDrain.Restart();
        Monitor.PulseAll(Lock);
    }

    /// <summary>Queues a blocker and waits until the finalizer thread is inside it.</summary>
    private static void Arm()
    {
        var started = new ManualResetEventSlim();
        _release = new ManualResetEventSlim();
        DropBlocker(started, _release);
        // The blocker is unreachable once DropBlocker returns; a collection queues it for finalization (collect first:
        // waiting before the first collection would cost every drain the whole timeout).
        do GC.Collect();
        while (!started.Wait(50));
        started.Dispose();
        SinceDrain.Restart();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void DropBlocker(ManualResetEventSlim started, ManualResetEventSlim release) => _ = new Blocker(started, release);

    /// <summary>Its finalizer occupies the finalizer thread until released.</summary>
    private sealed class Blocker(ManualResetEventSlim started, ManualResetEventSlim release)
    {
        ~Blocker()
        {
            started.Set();
            release.Wait();
            release.Dispose();
        }
    }
}

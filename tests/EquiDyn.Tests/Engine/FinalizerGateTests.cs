using System.Runtime.CompilerServices;
using EquiDyn.Engine;
using static TorchSharp.torch;

namespace EquiDyn.Tests.Engine;

/// <summary>Runs alone: the tests below force collections and drain finalizers, which are process-wide, so a test of
/// another class calling libtorch at the same time could meet the very race the gate is about.</summary>
[CollectionDefinition(nameof(FinalizerGateTests), DisableParallelization = true)]
public sealed class FinalizerGateCollection;

/// <summary>The gate that holds finalizers back while several threads call libtorch (TorchSharp's Scalar race).</summary>
[Collection(nameof(FinalizerGateTests))]
public class FinalizerGateTests
{
    private sealed class Flag
    {
        public volatile bool Finalized;
    }

    private sealed class Finalizable(Flag flag)
    {
        ~Finalizable() => flag.Finalized = true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Drop(Flag flag) => _ = new Finalizable(flag);

    private static Thread Start(Action action)
    {
        var t = new Thread(() => action());
        t.Start();
        return t;
    }

    private static void CollectAndWait(int milliseconds)
    {
        GC.Collect();
        Thread.Sleep(milliseconds);
    }

    /// <summary>Sets the gate's drain interval until disposed (the gate is process-wide: the old value comes back).</summary>
    private static IDisposable DrainEvery(TimeSpan interval)
    {
        var previous = FinalizerGate.DrainInterval;
        FinalizerGate.DrainInterval = interval;
        return new Restore(() => FinalizerGate.DrainInterval = previous);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>Runs <paramref name="body"/> on a new registered thread that, once registered, signals and then
    /// waits for <paramref name="go"/> before its body.</summary>
    private static Thread Registered(ManualResetEventSlim ready, ManualResetEventSlim go, Action body) => Start(() =>
    {
        using var registration = FinalizerGate.Register();
        ready.Set();
        go.Wait();
        body();
    });

    [Fact]
    public void NoFinalizerRunsUntilEveryRegisteredThreadIsAtASafePoint()
    {
        using var every = DrainEvery(TimeSpan.Zero);
        var flag = new Flag();
        using var ready = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        using var otherDone = new ManualResetEventSlim();
        var other = Registered(ready, go, () => { FinalizerGate.SafePoint(); otherDone.Set(); });
        ready.Wait();
        using (FinalizerGate.Register())
        {
            Assert.True(FinalizerGate.Armed);
            long drains = FinalizerGate.Drains;
            Drop(flag);
            CollectAndWait(200);
            Assert.False(flag.Finalized, "a finalizer ran while the gate was armed");

            // One thread at a safe point is not enough: it waits for this one.
            go.Set();
            Assert.False(otherDone.Wait(300), "the safe point returned before the other registered thread arrived");
            Assert.False(flag.Finalized);
            FinalizerGate.SafePoint(); // this thread arrives: the queue is finalized, both go on
            Assert.True(otherDone.Wait(5000));
            Assert.True(flag.Finalized, "the drain did not run the held-back finalizer");
            Assert.Equal(drains + 1, FinalizerGate.Drains);
            Assert.True(other.Join(5000));

            // Still armed after the drain, for this thread.
            var second = new Flag();
            Drop(second);
            CollectAndWait(200);
            Assert.False(second.Finalized);
        }
        Assert.False(FinalizerGate.Armed, "the last registration's end did not release the finalizers");
    }

    [Fact]
    public void AThreadThatLeavesLetsAWaitingDrainGoAheadAndTheLastOneReleasesTheRest()
    {
        using var every = DrainEvery(TimeSpan.Zero);
        var flag = new Flag();
        using var ready = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        using var passed = new ManualResetEventSlim();
        var waiter = Registered(ready, go, () => { FinalizerGate.SafePoint(); passed.Set(); });
        ready.Wait();
        var registration = FinalizerGate.Register();
        go.Set();
        Assert.False(passed.Wait(200));
        Drop(flag);
        registration.Dispose(); // this thread ends its work: the waiting one must not hang
        Assert.True(passed.Wait(5000), "a thread stayed blocked after the other one left");
        Assert.True(waiter.Join(5000));
        Assert.False(FinalizerGate.Armed);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.True(flag.Finalized, "finalizers did not run after the last registration ended");
    }

    [Fact]
    public void AThreadThatIsNotRegisteredPassesASafePointAtOnce() => FinalizerGate.SafePoint();

    [Fact]
    public void AThreadThatStepsAsideIsNotWaitedForAndIsBackAfterwards()
    {
        using var every = DrainEvery(TimeSpan.Zero);
        using (FinalizerGate.Register())
        {
            long drains = FinalizerGate.Drains;
            using var ready = new ManualResetEventSlim();
            using var go = new ManualResetEventSlim();
            using var passed = new ManualResetEventSlim();
            Thread worker;
            using (FinalizerGate.StepAside()) // e.g. the runner's thread while it joins its workers
            {
                worker = Registered(ready, go, () => { FinalizerGate.SafePoint(); passed.Set(); });
                ready.Wait();
                go.Set();
                Assert.True(passed.Wait(5000), "a drain waited for a thread that had stepped aside");
                Assert.True(worker.Join(5000));
            }
            Assert.Equal(drains + 1, FinalizerGate.Drains);
            Assert.True(FinalizerGate.Armed, "the thread is registered again after stepping aside");
        }
        Assert.False(FinalizerGate.Armed);
    }

    [Fact]
    public void TwoThreadsWithScalarTemporariesSurviveCollectionsFromAThirdThread()
    {
        // Each thread adds Scalars that nothing references during the libtorch call (t.add_(0.5), t * 2, …) while a
        // third thread forces collections: without the gate the finalizer thread frees such Scalars mid-call (seen as
        // "INTERNAL ASSERT FAILED at c10/core/Scalar.h" within seconds of a two-run sweep).
        EquiDyn.Engine.TorchRuntime.EnsureLoaded();
        using var every = DrainEvery(TimeSpan.FromMilliseconds(50));
        long drains = FinalizerGate.Drains;
        var stop = DateTime.UtcNow.AddSeconds(3);
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var registered = new CountdownEvent(2);
        void Work()
        {
            using var registration = FinalizerGate.Register();
            registered.Signal();
            registered.Wait();
            try
            {
                var t = ones(200, 200, dtype: ScalarType.Float64);
                while (DateTime.UtcNow < stop)
                {
                    using var scope = NewDisposeScope();
                    var r = (t * 2).add_(0.5).pow(2).sub(6.25).abs().sum().item<double>();
                    if (r != 0) errors.Add($"expected 0, got {r}");
                    FinalizerGate.SafePoint();
                }
            }
            catch (Exception e)
            {
                errors.Add(e.Message.Split('\n')[0]);
            }
        }
        var collector = new Thread(() => { while (DateTime.UtcNow < stop) { _ = new byte[1 << 16]; GC.Collect(); Thread.Sleep(1); } });
        var workers = new[] { new Thread(Work), new Thread(Work) };
        collector.Start();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        collector.Join();
        Assert.Empty(errors);
        Assert.True(FinalizerGate.Drains > drains, "the gate never drained");
    }
}

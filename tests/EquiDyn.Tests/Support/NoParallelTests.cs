// The tests of this assembly run one at a time. TorchSharp hands libtorch the native handle of a temporary Scalar
// without keeping the managed object alive, so a garbage collection made by another thread can let the finalizer free
// it mid-call ("Unknown scalar type", "INTERNAL ASSERT FAILED at c10/core/Scalar.h"). The program guards its own
// threads with Engine/FinalizerGate; xunit's parallel test threads are not registered there, and the runs under test
// drain the gate (forced collections) while other classes compute. One test thread at a time keeps every libtorch
// call of the suite on a thread whose collections it makes itself.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]

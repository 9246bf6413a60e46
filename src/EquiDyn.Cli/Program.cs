using EquiDyn.Cli.Commands;
using EquiDyn.Engine;

// Every command's libtorch work runs on this thread: .NET finalizers wait for its safe points (FinalizerGate: a
// finalizer freeing a TorchSharp Scalar while libtorch reads it crashed a report and a sweep).
using (FinalizerGate.Register())
    return EquiDynCommandLine.Invoke(args);

using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// <c>EquiDyn.Bench cnn-raw &lt;equi|nom&gt;</c>: the step of <c>EquiDyn.Bench cnn equi|nom</c> (the main C4 CNN,
/// docs/experiments/mnist-c4.md: hidden 32/64/64, batch 100, MSE against one-hot labels, plain SGD, float32) written in
/// plain TorchSharp, without any EquiDyn type in the step: the yardstick for EquiDyn's own overhead (issue #10's
/// "≤ 5% over a raw TorchSharp step").
/// </summary>
/// <remarks>
/// <para>The arithmetic is the one EquiDyn's step does (src/EquiDyn/Nn, Training/Trainer.cs): every forward pass
/// synthesises each layer's weights from its coefficients like <c>OrbitBlockBasis.Synthesize</c> (pad the coefficients
/// with a zero slot, gather every entry's slot, scale by 1/√|orbit|; the nominal head's identity basis is the
/// coefficients themselves), then conv 3×3 (padding 1) → AvgPool(2) (as <c>AveragePool2x2</c>: strided additions) → tanh → LayerNorm over the 14×14 grid, the same
/// at 7×7, conv → tanh → LayerNorm, the 3136 → 10 head as one matmul, mse_loss against one_hot, backward, and
/// θ ← θ − ηg. The data are shuffled every epoch and each minibatch gathered with index_select, as the trainer does.
/// One dispose scope per step (the idiomatic way to free a TorchSharp step's temporaries).</para>
/// <para>What EquiDyn adds on top is what the comparison measures: its per-step records (accuracy, the float64 gradient
/// norm, ‖A_k‖, ‖A_k − A_k⁰‖ and, for the nominal model, ‖A_k − Π_{E∩L}A_k‖), its layer and risk abstractions and
/// their dispose scopes. The process is prepared alike (<c>TorchRuntime.SetThreads</c> in Program.cs runs EquiDyn's
/// allocator settings in both), so the ratio isolates the per-step code.</para>
/// </remarks>
internal static class RawCnnBench
{
    /// <summary>An epoch of <paramref name="steps"/> minibatch SGD steps of the <paramref name="arm"/> model.</summary>
    public static Action Build(string arm, int steps)
    {
        if (arm is not ("equi" or "nom")) throw new ArgumentException($"cnn-raw arm '{arm}': use equi or nom");
        bool equi = arm == "equi";
        const int batch = 100, classes = 10;
        const double learningRate = 2.5e-4;
        var channels = new long[] { 1, 32, 64, 64 };

        // Kernel taps (row-major 3×3) under C4: corners, sides, centre. Cross support ω = sides + centre.
        // Equi: E∩L = span{sides/2, centre}; slots 0 = sides, 1 = centre, 2 = the zero slot (corners).
        // Nom: L = indicators of the 5 taps of ω; slot of tap = its rank in ω, 5 = the zero slot.
        var convSlot = equi
            ? tensor(new long[] { 2, 0, 2, 0, 1, 0, 2, 0, 2 }).DetachFromDisposeScope()
            : tensor(new long[] { 5, 0, 5, 1, 2, 3, 5, 4, 5 }).DetachFromDisposeScope();
        var convScale = equi
            ? tensor(new float[] { 0, 0.5f, 0, 0.5f, 1, 0.5f, 0, 0.5f, 0 }).DetachFromDisposeScope()
            : tensor(new float[] { 0, 1, 0, 1, 1, 1, 0, 1, 0 }).DetachFromDisposeScope();
        int convCount = equi ? 2 : 5;

        // Head (Equi): the 49 cells of the 7×7 grid in 13 rotation orbits (12 of 4 cells and the centre).
        var cellOrbit = new long[49];
        Array.Fill(cellOrbit, -1);
        int orbits = 0;
        for (int r = 0; r < 7; r++)
        for (int c = 0; c < 7; c++)
        {
            if (cellOrbit[7 * r + c] >= 0) continue;
            int rr = r, cc = c;
            for (int k = 0; k < 4; k++)
            {
                cellOrbit[7 * rr + cc] = orbits;
                (rr, cc) = (cc, 6 - rr);
            }
            orbits++;
        }
        var orbitSize = new int[orbits];
        foreach (var o in cellOrbit) orbitSize[o]++;
        var headSlot = tensor(cellOrbit).DetachFromDisposeScope();
        var headScale = tensor(cellOrbit.Select(o => (float)(1 / Math.Sqrt(orbitSize[o]))).ToArray()).DetachFromDisposeScope();

        manual_seed(0);
        var conv = new Tensor[3];
        for (int k = 0; k < 3; k++)
            conv[k] = (randn(channels[k + 1], channels[k], convCount) / Math.Sqrt(9 * channels[k])).requires_grad_(true).DetachFromDisposeScope();
        var head = (randn(classes, channels[3], equi ? orbits : 49) / Math.Sqrt(3136)).requires_grad_(true).DetachFromDisposeScope();
        var parameters = conv.Append(head).ToArray();

        var inputs = (randn(batch * steps, 1, 28, 28) * 0.3).DetachFromDisposeScope();
        var targets = randint(0, classes, new long[] { batch * steps }, dtype: ScalarType.Int64).DetachFromDisposeScope();

        Tensor Kernel(int k) =>
            (nn.functional.pad(conv[k], new long[] { 0, 1 }).index_select(-1, convSlot) * convScale)
                .reshape(channels[k + 1], channels[k], 3, 3);
        Tensor HeadMatrix() => equi
            ? (nn.functional.pad(head, new long[] { 0, 1 }).index_select(-1, headSlot) * headScale).reshape(classes, 3136)
            : head.reshape(classes, 3136);
        var pad1 = new long[] { 1, 1 };
        // 2×2 average pooling as EquiDyn's AveragePool2x2 computes it (three additions of strided views, then / 4: the
        // same numbers as avg_pool2d, whose scalar CPU kernel is slower).
        static Tensor Pool(Tensor t)
        {
            var x = t.view(t.shape[0], t.shape[1], t.shape[2] / 2, 2, t.shape[3] / 2, 2);
            return (x.select(3, 0).select(4, 0) + x.select(3, 0).select(4, 1) + x.select(3, 1).select(4, 0) + x.select(3, 1).select(4, 1)) / 4;
        }

        return () =>
        {
            var order = randperm(batch * steps).DetachFromDisposeScope();
            for (int s = 0; s < steps; s++)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, (long)s * batch, batch);
                var x = inputs.index_select(0, index);
                var y = targets.index_select(0, index);
                var h = nn.functional.conv2d(x, Kernel(0), padding: pad1);
                h = nn.functional.layer_norm(Pool(h).tanh(), new long[] { 14, 14 });
                h = nn.functional.conv2d(h, Kernel(1), padding: pad1);
                h = nn.functional.layer_norm(Pool(h).tanh(), new long[] { 7, 7 });
                h = nn.functional.conv2d(h, Kernel(2), padding: pad1);
                h = nn.functional.layer_norm(h.tanh(), new long[] { 7, 7 });
                var outputs = h.reshape(batch, 3136).matmul(HeadMatrix().t());
                var loss = nn.functional.mse_loss(outputs, nn.functional.one_hot(y, classes).to_type(ScalarType.Float32));
                loss.backward();
                using (no_grad())
                    foreach (var p in parameters)
                    {
                        p.add_(p.grad!, alpha: -learningRate);
                        p.grad!.zero_();
                    }
                _ = loss.item<float>();
            }
            order.Dispose();
        };
    }
}

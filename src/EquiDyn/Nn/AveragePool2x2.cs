using static TorchSharp.torch;

namespace EquiDyn.Nn;

/// <summary>2×2 average pooling with stride 2 on [b, c, h, w] (h, w even): out = (x₀₀ + x₀₁ + x₁₀ + x₁₁) / 4.</summary>
/// <remarks>
/// <para>Written by hand because libtorch's CPU <c>avg_pool2d</c> walks every window with scalar code: on one thread it
/// took a quarter of the quick mnist-c4 Equi step (perf profile, forward 15 % and backward 9 % of the samples), while
/// the same arithmetic as three element-wise additions of strided views and one division takes about 60 % of its time
/// for the first layer's [25, 16, 28, 28] maps (forward and backward, measured side by side).</para>
/// <para>The sums run in libtorch's order (x₀₀ + x₀₁, then + x₁₀, then + x₁₁) and the division by 4 is exact, so the
/// output is bit for bit libtorch's, and so is the gradient (each input receives ∂/∂out / 4); <c>AveragePool2x2Tests</c>
/// checks both against <c>avg_pool2d</c>. Like any average over a square window it commutes with the rotations of C4 on
/// even grids.</para>
/// </remarks>
public sealed class AveragePool2x2 : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the stage.</summary>
    public AveragePool2x2() : base("avgpool2x2")
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => Apply(input);

    /// <summary>The pooling as a function (for networks that do not hold modules).</summary>
    /// <exception cref="ArgumentException">The input is not [b, c, h, w] with h and w even.</exception>
    public static Tensor Apply(Tensor input)
    {
        if (input.dim() != 4 || input.shape[2] % 2 != 0 || input.shape[3] % 2 != 0)
            throw new ArgumentException($"2×2 average pooling needs [b, c, h, w] with h and w even, got [{string.Join(", ", input.shape)}]", nameof(input));
        return input.requires_grad && is_grad_enabled() ? Pooling.apply(input) : Forward(input);
    }

    private static Tensor Forward(Tensor input)
    {
        long b = input.shape[0], c = input.shape[1], h = input.shape[2] / 2, w = input.shape[3] / 2;
        using var scope = NewDisposeScope();
        var x = input.view(b, c, h, 2, w, 2);
        var sum = x.select(3, 0).select(4, 0) + x.select(3, 0).select(4, 1) + x.select(3, 1).select(4, 0) + x.select(3, 1).select(4, 1);
        return (sum / 4).MoveToOuterDisposeScope();
    }

    /// <summary>The pooling as one autograd node: its backward spreads ∂/∂out / 4 over each window with one expand and
    /// one copy, where autograd through the four strided views would allocate and add four input-sized zero tensors.</summary>
    private sealed class Pooling : autograd.SingleTensorFunction<Pooling>
    {
        public override string Name => nameof(AveragePool2x2);

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var input = (Tensor)vars[0];
            ctx.save_data("shape", input.shape);
            return Forward(input);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
        {
            var shape = (long[])ctx.get_data("shape");
            long b = shape[0], c = shape[1], h = shape[2] / 2, w = shape[3] / 2;
            var spread = (gradOutput / 4).reshape(b, c, h, 1, w, 1).expand(b, c, h, 2, w, 2).reshape(shape);
            return new List<Tensor> { spread };
        }
    }
}

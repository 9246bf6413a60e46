using static TorchSharp.torch;

namespace EquiDyn.Training;

/// <summary>The update rules a phase can use.</summary>
public enum OptimizerKind
{
    /// <summary>Plain (stochastic) gradient descent θ ← θ − η g: the paper's optimizer.</summary>
    Sgd,
    /// <summary>Heavy-ball momentum b ← μb + g, θ ← θ − ηb (Nesterov: θ ← θ − η(g + μb)).</summary>
    Momentum,
    /// <summary>Adam (Kingma &amp; Ba) with bias correction; weight decay enters the gradient (L2).</summary>
    Adam,
    /// <summary>AdamW (Loshchilov &amp; Hutter): Adam with decoupled weight decay θ ← (1 − ηλ)θ.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("adamw")]
    AdamW,
}

/// <summary>An update rule and its hyperparameters (the conventions of <c>torch.optim</c>).</summary>
/// <param name="Kind">The rule.</param>
/// <param name="Momentum">μ of <see cref="OptimizerKind.Momentum"/>.</param>
/// <param name="Nesterov">Nesterov's variant of momentum.</param>
/// <param name="Beta1">Adam's first-moment decay β₁.</param>
/// <param name="Beta2">Adam's second-moment decay β₂.</param>
/// <param name="Epsilon">Adam's ε added to √v̂.</param>
/// <param name="WeightDecay">λ: added to the gradient as λθ (SGD, momentum, Adam) or decoupled (AdamW).</param>
public sealed record OptimizerSettings(OptimizerKind Kind = OptimizerKind.Sgd, double Momentum = 0.9, bool Nesterov = false,
    double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0)
{
    /// <summary>Plain SGD without weight decay.</summary>
    public static OptimizerSettings Sgd { get; } = new();

    /// <summary>Throws with a message naming the hyperparameter when one is out of range.</summary>
    public void Validate()
    {
        if (!(Momentum >= 0 && Momentum < 1)) throw new ArgumentException($"momentum must be in [0, 1), got {Momentum}");
        if (!(Beta1 >= 0 && Beta1 < 1)) throw new ArgumentException($"beta1 must be in [0, 1), got {Beta1}");
        if (!(Beta2 >= 0 && Beta2 < 1)) throw new ArgumentException($"beta2 must be in [0, 1), got {Beta2}");
        if (!(Epsilon > 0) || double.IsInfinity(Epsilon)) throw new ArgumentException($"epsilon must be a positive number, got {Epsilon}");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay)) throw new ArgumentException($"weight decay must be ≥ 0, got {WeightDecay}");
    }

    /// <summary>Whether the update is linear in (gradient, weights) with coefficients shared by every coordinate, so
    /// that it commutes with every linear map of the coordinates (SGD, momentum, their weight decay); Adam's
    /// per-coordinate scaling is not.</summary>
    public bool IsCoordinateFree => Kind is OptimizerKind.Sgd or OptimizerKind.Momentum;

    /// <summary>A short description for logs and reports, e.g. <c>adam(β₁=0.9, β₂=0.999, ε=1e-08)</c>.</summary>
    public override string ToString()
    {
        string wd = WeightDecay > 0 ? FormattableString.Invariant($", weight decay {WeightDecay:G}") : "";
        return Kind switch
        {
            OptimizerKind.Sgd => "sgd" + (WeightDecay > 0 ? $"({wd[2..]})" : ""),
            OptimizerKind.Momentum => FormattableString.Invariant($"momentum(μ={Momentum:G}{(Nesterov ? ", Nesterov" : "")}{wd})"),
            OptimizerKind.Adam => FormattableString.Invariant($"adam(β₁={Beta1:G}, β₂={Beta2:G}, ε={Epsilon:G}{wd})"),
            _ => FormattableString.Invariant($"adamw(β₁={Beta1:G}, β₂={Beta2:G}, ε={Epsilon:G}{wd})"),
        };
    }
}

/// <summary>
/// Applies an <see cref="OptimizerSettings"/> update to a list of coefficient tensors θ from their <c>.grad</c>.
/// </summary>
/// <remarks>
/// <para>Written over the coefficient tensors instead of wrapping <c>torch.optim</c> because a checkpoint stores the
/// optimizer state as named arrays next to the weights (<see cref="State"/>, numpy-readable) and because the invariance
/// questions about optimizers need the update in the open; the tests check it step for step against
/// <c>torch.optim.SGD/Adam/AdamW</c>.</para>
/// <para>With g = ∇_θR (+ λθ except for AdamW) and step size η (which may change per step):
/// SGD θ ← θ − ηg; momentum b ← μb + g, θ ← θ − ηb (Nesterov θ ← θ − η(g + μb)); Adam m ← β₁m + (1−β₁)g,
/// v ← β₂v + (1−β₂)g², θ ← θ − η m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ); AdamW first θ ← (1 − ηλ)θ.</para>
/// <para>Whatever the rule, it only changes the tensors it is given: when θ are the coordinates of E∩L (an Equi
/// model), the network stays in E∩L by construction. SGD and momentum are linear with one coefficient for all
/// coordinates, so they also keep a projected-gradient Equi model (θ in L, gradient projected) in E∩L; Adam does not.</para>
/// </remarks>
public sealed class CoefficientOptimizer
{
    private readonly IReadOnlyList<Tensor> _parameters;
    private readonly Tensor?[] _first;
    private readonly Tensor?[] _second;

    /// <summary>Prepares the update of <paramref name="parameters"/> (their state starts at zero).</summary>
    public CoefficientOptimizer(IReadOnlyList<Tensor> parameters, OptimizerSettings options)
    {
        options.Validate();
        _parameters = parameters;
        Options = options;
        _first = new Tensor?[parameters.Count];
        _second = new Tensor?[parameters.Count];
    }

    /// <summary>The rule.</summary>
    public OptimizerSettings Options { get; }

    /// <summary>Updates taken so far (Adam's t).</summary>
    public long Steps { get; private set; }

    /// <summary>Takes one step of size <paramref name="learningRate"/> from the parameters' gradients (a parameter
    /// without a gradient is left alone).</summary>
    public void Step(double learningRate)
    {
        using var _ = no_grad();
        Steps++;
        var o = Options;
        for (int i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            if (p.grad is not { } raw) continue;
            using var scope = NewDisposeScope();
            var g = o.WeightDecay > 0 && o.Kind != OptimizerKind.AdamW ? raw.add(p, alpha: o.WeightDecay) : raw;
            switch (o.Kind)
            {
                case OptimizerKind.Sgd:
                    p.add_(g, alpha: -learningRate);
                    break;
                case OptimizerKind.Momentum:
                {
                    var b = Buffer(_first, i, p);
                    b.mul_(o.Momentum).add_(g);
                    p.add_(o.Nesterov ? g.add(b, alpha: o.Momentum) : b, alpha: -learningRate);
                    break;
                }
                default:
                {
                    if (o.Kind == OptimizerKind.AdamW && o.WeightDecay > 0) p.mul_(1 - learningRate * o.WeightDecay);
                    var m = Buffer(_first, i, p);
                    var v = Buffer(_second, i, p);
                    m.mul_(o.Beta1).add_(g, alpha: 1 - o.Beta1);
                    v.mul_(o.Beta2).addcmul_(g, g, value: 1 - o.Beta2);
                    double correction1 = 1 - Math.Pow(o.Beta1, Steps);
                    double correction2 = 1 - Math.Pow(o.Beta2, Steps);
                    var denominator = (v.sqrt() / Math.Sqrt(correction2)).add_(o.Epsilon);
                    p.addcdiv_(m, denominator, value: -learningRate / correction1);
                    break;
                }
            }
        }
    }

    /// <summary>The state to checkpoint: per parameter index i, <c>first.i</c> (momentum buffer or Adam's m) and
    /// <c>second.i</c> (Adam's v), detached copies; empty for SGD. <see cref="Steps"/> is stored separately.</summary>
    public IReadOnlyDictionary<string, Tensor> State()
    {
        var state = new Dictionary<string, Tensor>();
        for (int i = 0; i < _parameters.Count; i++)
        {
            if (_first[i] is { } f) state[$"first.{i}"] = f.detach().clone();
            if (_second[i] is { } s) state[$"second.{i}"] = s.detach().clone();
        }
        return state;
    }

    /// <summary>Restores a state written by <see cref="State"/> after <paramref name="steps"/> updates.</summary>
    /// <exception cref="ArgumentException">An entry does not match a parameter's shape.</exception>
    public void LoadState(IReadOnlyDictionary<string, Tensor> state, long steps)
    {
        Steps = steps;
        for (int i = 0; i < _parameters.Count; i++)
        {
            _first[i] = Restore(state, $"first.{i}", i);
            _second[i] = Restore(state, $"second.{i}", i);
        }
    }

    private Tensor? Restore(IReadOnlyDictionary<string, Tensor> state, string key, int i)
    {
        if (!state.TryGetValue(key, out var t)) return null;
        var p = _parameters[i];
        if (!t.shape.SequenceEqual(p.shape))
            throw new ArgumentException($"optimizer state '{key}' has shape ({string.Join(", ", t.shape)}), the parameter ({string.Join(", ", p.shape)})");
        return t.to_type(p.dtype).detach().clone().DetachFromDisposeScope();
    }

    private static Tensor Buffer(Tensor?[] buffers, int i, Tensor like) =>
        buffers[i] ??= zeros_like(like).detach().DetachFromDisposeScope();
}

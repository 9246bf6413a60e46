namespace EquiDyn.Nn;

/// <summary>The point-wise non-linearity after the invariant head of the paper's MLPs (docs/experiments/groups.md).</summary>
public enum InvariantActivation
{
    /// <summary>LeakyReLU with slope 0.01 (permutation and rotation models).</summary>
    LeakyRelu,
    /// <summary>tanh (translation models).</summary>
    Tanh,
}

namespace EquiDyn.Symmetry;

/// <summary>A group that acts on square grids of sites (image pixels) and on square convolution kernels.</summary>
/// <remarks>
/// Sites are row-major, (r, c) ↦ side·r + c. Both actions use the same generators in the same order, so one group
/// element acts consistently on an image and on the taps of the kernels that convolve it.
/// </remarks>
public interface IGridSymmetry
{
    /// <summary>The group's action on the pixels of a side×side grid.</summary>
    /// <exception cref="ArgumentException">When the group does not permute a grid of that side.</exception>
    SiteAction OnGrid(int side);

    /// <summary>The group's action on the taps of a side×side kernel (3×3 by default).</summary>
    SiteAction OnKernelTaps(int side = 3);
}

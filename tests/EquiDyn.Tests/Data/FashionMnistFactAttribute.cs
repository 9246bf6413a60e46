using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

/// <summary>A test that needs the Debian package dataset-fashion-mnist; skipped without it.</summary>
public sealed class FashionMnistFactAttribute : FactAttribute
{
    public FashionMnistFactAttribute()
    {
        if (!File.Exists(Path.Combine(FashionMnist.DefaultDirectory, "train-images-idx3-ubyte.gz")))
            Skip = "Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)";
    }
}

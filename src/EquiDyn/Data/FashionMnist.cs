namespace EquiDyn.Data;

/// <summary>
/// Fashion-MNIST (60,000 + 10,000 28×28 greyscale clothing images, 10 classes) in the standard IDX files. The
/// default location is where the Debian package <c>dataset-fashion-mnist</c> installs them
/// (<c>apt-get install dataset-fashion-mnist</c>).
/// </summary>
public static class FashionMnist
{
    /// <summary>The Debian package's folder: <c>/usr/share/datasets/fashion-mnist</c>.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Loads Fashion-MNIST from <paramref name="directory"/> (default <see cref="DefaultDirectory"/>).</summary>
    /// <exception cref="FileNotFoundException">The files are missing; the message suggests the Debian package.</exception>
    public static DataSplit Load(string? directory = null)
    {
        directory ??= DefaultDirectory;
        try
        {
            return Mnist.LoadIdxFolder(directory);
        }
        catch (FileNotFoundException e) when (directory == DefaultDirectory)
        {
            throw new FileNotFoundException($"{e.Message}. Install them with: apt-get install dataset-fashion-mnist", e);
        }
    }
}

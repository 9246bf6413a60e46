using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

/// <summary>
/// Optional: the paper resized MNIST PIL images with torchvision's Resize, i.e. Pillow's antialiased bilinear on 8-bit
/// pixels. Pillow rounds to integers after each of its two passes, so it may differ from EquiDyn's float result by
/// about one grey level, never more if the filter is the same.
/// </summary>
public class PilResizeCrossCheckTests
{
    [NumpyFact]
    public void MatchesPillowBilinearWithinItsEightBitRounding()
    {
        using var temp = new TempDirectory();
        var rng = new DataRandom(99);
        const int n = 20;
        var pixels = new byte[n * 28 * 28];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)rng.NextInt(256);
        Npy.Write(temp.File("in.npy"), NpyArray.Of(pixels, n, 28, 28));

        try
        {
            NumpyPython.Run($$"""
                import numpy as np
                from PIL import Image
                x = np.load('{{temp.File("in.npy")}}')
                out = np.stack([np.asarray(Image.fromarray(im).resize((14, 14), Image.BILINEAR)) for im in x])
                np.save('{{temp.File("out.npy")}}', out)
                """);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("No module named 'PIL'"))
        {
            return; // Pillow is optional too (apt-get install python3-pil).
        }
        var pil = (byte[])Npy.Read(temp.File("out.npy")).Data;

        var ours = ImageDataset.FromBytes(pixels, n, 1, 28, 28, null).Resize(14, 14).Images;

        var maxDiff = ours.Zip(pil, (a, b) => Math.Abs(a * 255 - b)).Max();
        Assert.InRange(maxDiff, 0, 1.0);
    }
}

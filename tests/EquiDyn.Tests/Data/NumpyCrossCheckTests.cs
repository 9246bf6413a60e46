using EquiDyn.Data;

namespace EquiDyn.Tests.Data;

/// <summary>Optional: numpy reads what EquiDyn writes and vice versa, and np.save writes the same bytes.</summary>
public class NumpyCrossCheckTests
{
    [NumpyFact]
    public void NumpyAndEquiDynAgreeByteForByte()
    {
        using var temp = new TempDirectory();
        NpyArray[] ours =
        [
            NpyArray.Of(new[] { 0.1, -2.5, 3e300, 4, 5, 6 }, 2, 3),
            NpyArray.Of(new[] { 0.25f, -1f, 7f }, 3),
            NpyArray.Of(new[] { 1L << 40, -3L }, 2, 1),
            NpyArray.Of(new[] { -5, 6 }, 1, 2),
            NpyArray.Of(new byte[] { 0, 128, 255, 1 }, 2, 2),
            NpyArray.Of(new[] { true, false }, 2),
            NpyArray.Of(new[] { 2.5 }),
            NpyArray.Of(Array.Empty<double>(), 1234567, 0), // a 7-digit first axis shortens numpy's growth padding
        ];
        for (var i = 0; i < ours.Length; i++)
            Npy.Write(temp.File($"ours{i}.npy"), ours[i]);

        // numpy loads each of our files and saves it again under another name; both must then be identical.
        var output = NumpyPython.Run($$"""
            import numpy as np, os
            d = {{"'" + temp.Path + "'"}}
            for i in range({{ours.Length}}):
                a = np.load(os.path.join(d, f'ours{i}.npy'))
                np.save(os.path.join(d, f'numpy{i}.npy'), a)
                print(a.dtype.str, a.shape, repr(a.ravel()[:3].tolist()))
            """);

        Assert.Contains("<f8 (2, 3) [0.1, -2.5, 3e+300]", output);
        Assert.Contains("|b1 (2,) [True, False]", output);
        for (var i = 0; i < ours.Length; i++)
        {
            Assert.Equal(File.ReadAllBytes(temp.File($"numpy{i}.npy")), File.ReadAllBytes(temp.File($"ours{i}.npy")));
            var back = Npy.Read(temp.File($"numpy{i}.npy"));
            Assert.Equal(ours[i].Shape, back.Shape);
            Assert.Equal(ours[i].Data.Cast<object>(), back.Data.Cast<object>());
        }
    }
}

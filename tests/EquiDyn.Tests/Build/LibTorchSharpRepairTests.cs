using EquiDyn.Build;

namespace EquiDyn.Tests.Build;

/// <summary>The build's repair of libLibTorchSharp.so (build/WeakenLibTorchSharpVersionNeed.cs).</summary>
public class LibTorchSharpRepairTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string ShippedLibrary()
    {
        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(root, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    [Fact]
    public void ShippedLibraryNeedsTheVersionAndTheEditIsIdempotent()
    {
        byte[] shipped = File.ReadAllBytes(ShippedLibrary());
        Assert.True(ElfVersionNeed.HasStrongRequirement(shipped, Version));
        byte[] copy = (byte[])shipped.Clone();
        Assert.Equal(1, ElfVersionNeed.MarkWeak(copy, Version));
        Assert.Equal(0, ElfVersionNeed.MarkWeak(copy, Version));
        Assert.False(ElfVersionNeed.HasStrongRequirement(copy, Version));
        // Exactly one 16-bit flag field changed, nothing else.
        int differing = shipped.Where((b, i) => b != copy[i]).Count();
        Assert.Equal(1, differing);
    }

    [Fact]
    public void BuildOutputIsRepairedOnlyWhereTheSystemNeedsIt()
    {
        string? libstdcxx = ElfVersionNeed.FindSystemLibStdCxx();
        Assert.NotNull(libstdcxx);
        bool systemHasIt = ElfVersionNeed.DefinesVersionString(File.ReadAllBytes(libstdcxx!), Version);
        byte[] output = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"));
        Assert.Equal(systemHasIt, ElfVersionNeed.HasStrongRequirement(output, Version));
    }

    [Fact]
    public void RejectsFilesThatAreNotElf64()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeed.MarkWeak(new byte[128], Version));
    }
}

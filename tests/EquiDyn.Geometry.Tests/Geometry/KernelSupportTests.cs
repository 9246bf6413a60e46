using EquiDyn.Geometry;

namespace EquiDyn.Tests.Geometry;

public class KernelSupportTests
{
    [Fact]
    public void NamedSupportsHaveThePapersTaps()
    {
        Assert.Equal(new[] { (0, 1), (1, 0), (1, 1), (1, 2), (2, 1) }, KernelSupport.Cross.Taps);
        Assert.Equal(new[] { (0, 0), (0, 1), (1, 0), (1, 2), (2, 1) }, KernelSupport.Skew.Taps);
        Assert.Equal(9, KernelSupport.Full.Taps.Count);
        Assert.Equal("010,111,010", KernelSupport.Cross.Pattern);
        Assert.Equal("110,101,010", KernelSupport.Skew.Pattern);
    }

    [Theory]
    [InlineData("cross", "010,111,010")]
    [InlineData(" Skew ", "110,101,010")]
    [InlineData("101,010,101", "101,010,101")]
    public void ParsesNamesAndMasks(string text, string pattern) => Assert.Equal(pattern, KernelSupport.Parse(text).Pattern);

    [Theory]
    [InlineData("diamond")]
    [InlineData("01,111,010")]
    [InlineData("0101,111,010")]
    [InlineData("010,121,010")]
    [InlineData("010,111")]
    [InlineData("")]
    public void RejectsAnythingElseSayingWhatIsAccepted(string text)
    {
        var error = Assert.Throws<FormatException>(() => KernelSupport.Parse(text));
        Assert.Contains("cross, skew, full or a 3×3 mask", error.Message);
    }
}

using EquiDyn.Examples;

namespace EquiDyn.Tests.Examples;

/// <summary>Runs the C# example of docs/library.md, so it builds and runs with every test run (and in CI).</summary>
public class QuickStartTests
{
    [Theory]
    [InlineData("c4")]
    [InlineData("d4")]
    public void TheExampleRunsAndShowsAugmentationStayingInE(string group)
    {
        var output = new StringWriter();
        var result = QuickStart.Run(output, group, side: 6, epochs: 2, samples: 96);
        Assert.Contains("Nom", output.ToString());
        // T2 (docs/checks.md): with L = H compatible, exact augmentation from a point of E stays in E (float64 rounding only, far
        // below 1e-9 after a few dozen steps), equivariant training stays in E∩L by construction, and nominal training
        // on random images leaves E (its gradient has a component off E of the size of the gradient itself).
        Assert.InRange(result.Distances["Aug"], 0, 1e-9);
        Assert.InRange(result.Distances["Equi"], 0, 1e-9);
        Assert.True(result.Distances["Nom"] > 1e-3, $"nominal training stayed within {result.Distances["Nom"]} of E∩L");
        Assert.All(result.TestAccuracy.Values, a => Assert.InRange(a, 0, 1));
    }
}

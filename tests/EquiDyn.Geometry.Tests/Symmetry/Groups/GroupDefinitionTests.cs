using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Symmetry.Groups;

public class GroupDefinitionTests
{
    // D4 declared in data: r, f on the 4 corners; on 3×3 kernel taps (tap 3r + c) r is the quarter turn
    // (r, c) ↦ (2 − c, r) and f the column mirror (r, c) ↦ (r, 2 − c), written out by hand.
    private const string D4Json = """
        {
          "name": "my-d4",
          "generatorNames": ["r", "f"],
          "generators": [[1, 2, 3, 0], [0, 3, 2, 1]],
          "actions": {
            "taps": [[6, 3, 0, 7, 4, 1, 8, 5, 2], [2, 1, 0, 5, 4, 3, 8, 7, 6]],
            "labels": [[0], [0]]
          }
        }
        """;

    [Fact]
    public void ADeclaredGroupActsLikeTheBuiltInOne()
    {
        var defined = GroupDefinition.FromJson(D4Json).Build();
        Assert.Equal(8, (int)defined.Group.Order);
        Assert.Equal(new[] { "r", "f" }, defined.Group.GeneratorNames);
        var taps = defined.Actions["taps"];
        var builtIn = new DihedralGroup(4).OnKernelTaps();
        Assert.Equal(builtIn.GeneratorImages.Select(p => p.ToArray()), taps.GeneratorImages.Select(p => p.ToArray()));
        Assert.True(defined.Actions["labels"].IsTrivial);
    }

    [Fact]
    public void ImagesThatAreNotAHomomorphismAreRefusedByName()
    {
        // With r ↦ the transposition of taps 0 and 1 and f ↦ the column mirror, f·r cycles taps 0 → 1 → 2 → 0, so the
        // group's relation (f·r)² = e does not hold on the taps.
        var json = D4Json.Replace("[6, 3, 0, 7, 4, 1, 8, 5, 2]", "[1, 0, 2, 3, 4, 5, 6, 7, 8]");
        var error = Assert.Throws<ArgumentException>(() => GroupDefinition.FromJson(json).Build());
        Assert.Contains("actions.taps", error.Message);
        Assert.Contains("not an action", error.Message);
    }

    [Fact]
    public void AMalformedGeneratorIsNamed()
    {
        var json = D4Json.Replace("[0, 3, 2, 1]", "[0, 3, 3, 1]");
        var error = Assert.Throws<ArgumentException>(() => GroupDefinition.FromJson(json).Build());
        Assert.Contains("generators[1]", error.Message);
    }

    [Fact]
    public void BadJsonIsAFormatError() =>
        Assert.Throws<FormatException>(() => GroupDefinition.FromJson("{ \"generators\": 3 }"));
}

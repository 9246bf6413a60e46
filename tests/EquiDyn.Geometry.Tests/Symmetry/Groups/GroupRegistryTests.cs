using System.Numerics;
using EquiDyn.Symmetry;

namespace EquiDyn.Tests.Symmetry.Groups;

public class GroupRegistryTests
{
    /// <summary>Every spelling saved spec files and the CLI use, with the group it must denote (size 6).</summary>
    public static IEnumerable<object[]> Names() => new[]
    {
        new object[] { "trivial", "trivial", "trivial", 1 },
        new object[] { "c4", "c4", "C4", 4 },
        new object[] { "C4", "c4", "C4", 4 },
        new object[] { "c1", "c1", "C1", 1 },
        new object[] { "c6", "c6", "C6", 6 },
        new object[] { "d4", "d4", "D4", 8 },
        new object[] { "d7", "d7", "D7", 14 },
        new object[] { "zn-x", "zn-x", "Z6", 6 },
        new object[] { "trans1d", "zn-x", "Z6", 6 },
        new object[] { "zn2", "zn2", "Z6×Z6", 36 },
        new object[] { "trans2d", "zn2", "Z6×Z6", 36 },
        new object[] { "zn2-c4", "zn2-c4", "Z6²⋊C4", 144 },
        new object[] { "rototrans", "zn2-c4", "Z6²⋊C4", 144 },
        new object[] { "sn", "sn", "S6", 720 },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void EverySpellingResolvesToItsGroup(string text, string canonical, string groupName, int order)
    {
        var name = GroupRegistry.Parse(text);
        Assert.Equal(canonical, name.ToString());
        var group = GroupRegistry.Create(text, 6);
        Assert.Equal(groupName, group.Name);
        Assert.Equal(new BigInteger(order), group.Order);
    }

    [Fact]
    public void EveryRegisteredNameRoundTrips()
    {
        foreach (var family in GroupRegistry.Families)
        {
            var spellings = family.TakesN
                ? new[] { 1, 2, 3, 4, 12, 360 }.Select(n => $"{family.Key}{n}")
                : family.Aliases.Prepend(family.Key);
            foreach (var spelling in spellings)
            {
                var name = GroupRegistry.Parse(spelling);
                Assert.Same(family, name.Family);
                Assert.Equal(name, GroupRegistry.Parse(name.ToString()));
                Assert.Equal(name, GroupRegistry.Parse(name.ToString().ToUpperInvariant()));
            }
        }
    }

    [Fact]
    public void AliasesBuildTheSameGroupAsTheirCanonicalName()
    {
        Assert.Equal(GroupRegistry.Create("zn2", 5), GroupRegistry.Create("trans2d", 5));
        Assert.Equal(GroupRegistry.Create("zn-x", 5), GroupRegistry.Create("trans1d", 5));
        Assert.Equal(GroupRegistry.Create("zn2-c4", 5), GroupRegistry.Create("rototrans", 5));
    }

    [Theory]
    [InlineData("c4", true, true)]
    [InlineData("d2", true, true)]
    [InlineData("c6", false, true)]
    [InlineData("d5", false, true)]
    [InlineData("sn", false, true)]
    [InlineData("zn2", true, false)]
    [InlineData("trivial", true, true)]
    public void DomainsMatchTheActionsTheGroupsImplement(string text, bool grids, bool graphs)
    {
        var name = GroupRegistry.Parse(text);
        Assert.Equal(grids, name.ActsOnGrids);
        Assert.Equal(graphs, name.ActsOnGraphs);
        if (grids) Assert.Equal(16, GroupRegistry.CreateForGrid(text, 4).OnGrid(4).SiteCount);
        else Assert.Throws<ArgumentException>(() => GroupRegistry.CreateForGrid(text, 4));
        if (graphs) Assert.Equal(60, GroupRegistry.CreateForNodes(text, 60).OnNodes(60).SiteCount);
        else Assert.Throws<ArgumentException>(() => GroupRegistry.CreateForNodes(text, 6));
    }

    [Theory]
    [InlineData("d4x")]
    [InlineData("c0")]
    [InlineData("c04")]
    [InlineData("")]
    [InlineData("rotation")]
    public void UnknownNamesListTheVocabulary(string text)
    {
        Assert.False(GroupRegistry.TryParse(text, out _, out var error));
        Assert.Contains($"'{text}'", error);
        var thrown = Assert.Throws<FormatException>(() => GroupRegistry.Parse(text));
        Assert.Equal(error, thrown.Message);
    }
}

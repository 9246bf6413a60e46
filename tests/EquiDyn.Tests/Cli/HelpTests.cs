using System.CommandLine;
using EquiDyn.Cli.Commands;
using EquiDyn.Cli.Help;
using EquiDyn.Tests.Support;

namespace EquiDyn.Tests.Cli;

/// <summary>Every help page says <c>equidyn</c>, shows 1–3 examples that parse, and carries no pass-through junk;
/// <c>equidyn help [CMD]</c> shows the same pages.</summary>
public class HelpTests
{
    /// <summary>Every command of the tree (paths after "equidyn"; "" is the root).</summary>
    public static TheoryData<string> Commands() => new(Paths());

    private static List<string> Paths()
    {
        var paths = new List<string>();
        void Walk(Command c)
        {
            paths.Add(ParseErrorMessages.CommandPath(c));
            foreach (var sub in c.Subcommands.Where(s => !s.Hidden)) Walk(sub);
        }
        Walk(EquiDynCommandLine.Create());
        return paths;
    }

    private static string[] Words(string path) => path.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryHelpPageSaysEquidynAndShowsOneToThreeExamples(string path)
    {
        var (exit, output, error) = CliRunner.Run([.. Words(path), "--help"]);
        Assert.True(exit == 0, error);
        Assert.DoesNotContain("EquiDyn.Cli", output);
        Assert.DoesNotContain("additional arguments", output);
        Assert.DoesNotContain("Arguments passed to the application", output);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        int usage = lines.IndexOf("Usage:");
        Assert.True(usage >= 0, output);
        Assert.StartsWith($"  equidyn {path}".TrimEnd(), lines[usage + 1]);
        int examples = lines.IndexOf("Examples:");
        Assert.True(examples > usage, $"no examples in the help of '{path}'");
        var shown = lines.Skip(examples + 1).Where(l => l.StartsWith("  equidyn", StringComparison.Ordinal)).ToList();
        Assert.InRange(shown.Count, 1, 3);
        Assert.InRange(CommandExamples.All[path].Count, 1, 3);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void EveryExampleParsesAgainstTheRealCommands(string path)
    {
        var root = EquiDynCommandLine.Create();
        foreach (var example in CommandExamples.All[path])
        {
            var words = example.CommandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("equidyn", words[0]);
            var parse = root.Parse(words[1..]);
            Assert.True(parse.Errors.Count == 0, $"{example.CommandLine}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.Null(ParseErrorMessages.Describe(parse));
        }
    }

    [Fact]
    public void EveryExampleBelongsToAnExistingCommand()
    {
        var paths = Paths().ToHashSet();
        Assert.All(CommandExamples.All.Keys, key => Assert.Contains(key, paths));
    }

    [Theory]
    [InlineData(new string[0], new[] { "help" })]
    [InlineData(new[] { "run" }, new[] { "run", "--help" })]
    [InlineData(new[] { "data", "info" }, new[] { "data", "info", "--help" })]
    public void HelpCommandShowsTheSamePageAsDashDashHelp(string[] words, string[] same)
    {
        var (exit, output, error) = CliRunner.Run(["help", .. words]);
        Assert.True(exit == 0, error);
        var (_, expected, _) = CliRunner.Run(same);
        Assert.Equal(expected, output);
        Assert.Contains("Usage:", output);
    }

    [Fact]
    public void EquidynAloneListsTheCommands()
    {
        var (exit, output, _) = CliRunner.Run();
        Assert.Equal(0, exit);
        Assert.Contains("equidyn [command] [options]", output);
        Assert.Contains("help <command>", output.Replace("help [<command>...]", "help <command>"));
    }
}

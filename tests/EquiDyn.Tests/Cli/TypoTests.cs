using EquiDyn.Cli.Help;
using EquiDyn.Tests.Support;

namespace EquiDyn.Tests.Cli;

/// <summary>A mistyped option, command or value is reported as itself, with the closest known name, in one line with
/// exit code 2 (the cases of issue #13 and their kin).</summary>
public class TypoTests
{
    [Theory]
    [InlineData("run --preset permutation --quik", "'--quik'", "did you mean --quick?")]
    [InlineData("run --preest permutation", "'--preest'", "did you mean --preset?")]
    [InlineData("run --help-me", "'--help-me'", "did you mean --help?")]
    [InlineData("data info mnst", "'mnst'", "did you mean mnist?")]
    [InlineData("check all --steps abc", "'abc' is not a whole number", "--steps")]
    [InlineData("rn --preset mnist-c4", "'rn'", "did you mean run?")]
    [InlineData("data inf mnist", "'inf'", "did you mean info?")]
    [InlineData("check invarience", "'invarience'", "did you mean invariance?")]
    [InlineData("run --preset permutaton", "'permutaton'", "did you mean permutation?")]
    [InlineData("run --preset mnist-c4 --dataset fashon-mnist", "'fashon-mnist'", "did you mean fashion-mnist?")]
    [InlineData("geometry --gruop c4", "'--gruop'", "did you mean --group?")]
    [InlineData("help rnu", "'rnu'", "did you mean run?")]
    [InlineData("run --preset permutation --set augmentedPhase.epoch=3", "'epoch'", "did you mean epochs?")]
    [InlineData("stability --example counterexample --eta x", "'x' is not a number", "--eta")]
    [InlineData("data info sbm --seed -1", "'-1' is not a whole number ≥ 0", "--seed")]
    [InlineData("preset show permutaton", "'permutaton'", "did you mean permutation?")]
    [InlineData("preset show", "missing <name>", "Preset: mnist-c4")]
    public void ATypoIsNamedWithASuggestion(string commandLine, string word, string suggestion)
    {
        var (exit, output, error) = CliRunner.Run(commandLine.Split(' '));
        Assert.Equal(2, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("equidyn", line);
        Assert.Contains(word, line);
        Assert.Contains(suggestion, line);
        Assert.DoesNotContain("System.", line);
        Assert.DoesNotContain("equidyn info --help", line);
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("preest", "preset", 1)]   // one swap of neighbours
    [InlineData("quik", "quick", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void EditDistanceCountsInsertionsDeletionsSubstitutionsAndSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, Suggestions.Distance(a, b));
        Assert.Equal(expected, Suggestions.Distance(b, a));
    }

    [Fact]
    public void NothingIsSuggestedWhenNothingIsClose()
    {
        Assert.Empty(Suggestions.Closest("--zzzzzz", ["--preset", "--quick", "--full"]));
        Assert.Equal("", Suggestions.DidYouMean("xyz", ["mnist", "sbm"]));
    }

    [Fact]
    public void TypeNamesAreReadable()
    {
        Assert.Equal("a whole number", ParseErrorMessages.TypeName(typeof(int)));
        Assert.Equal("a whole number ≥ 0", ParseErrorMessages.TypeName(typeof(ulong?)));
        Assert.StartsWith("a number", ParseErrorMessages.TypeName(typeof(double)));
    }
}

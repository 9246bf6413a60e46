using System.CommandLine;
using EquiDyn.Cli.Help;

namespace EquiDyn.Cli.Commands;

/// <summary><c>equidyn help [command…]</c>: the same page as <c>equidyn command --help</c>; an unknown name gets a
/// "did you mean" suggestion.</summary>
public static class HelpCommand
{
    public static Command Create()
    {
        var words = new Argument<string[]>("command") { Description = "A command, or a command and its subcommand (e.g. data info).", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show the help of equidyn or of one command.");
        command.Arguments.Add(words);
        command.Action = new OneLineErrorAction("help", (parse, stdout, stderr) =>
        {
            Command target = parse.RootCommandResult.Command;
            foreach (var word in parse.GetValue(words) ?? [])
            {
                var next = target.Subcommands.FirstOrDefault(c => c.Name == word || c.Aliases.Contains(word));
                if (next is null)
                {
                    var names = target.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
                    return OneLineErrorAction.Fail(stderr, "help",
                        $"unknown command '{word}'{Suggestions.DidYouMean(word, names)}; commands: {string.Join(", ", names)}");
                }
                target = next;
            }
            HelpPage.Write(target, stdout);
            return 0;
        });
        return command;
    }
}

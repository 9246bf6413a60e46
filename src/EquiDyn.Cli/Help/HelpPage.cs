using System.CommandLine;
using System.CommandLine.Help;
using EquiDyn.Cli.Commands;
using System.CommandLine.Invocation;

namespace EquiDyn.Cli.Help;

/// <summary>The help page of every command: description, a usage line that says <c>equidyn</c> (System.CommandLine
/// would print the executable's name, e.g. <c>EquiDyn.Cli</c> under <c>dotnet run</c>), arguments, options,
/// subcommands and the command's examples from <see cref="CommandExamples"/>.</summary>
public static class HelpPage
{
    /// <summary>Writes the help page of <paramref name="command"/>.</summary>
    /// <remarks>System.CommandLine 2.0 renders the sections (its layout hooks take an internal type), so the page is
    /// its default help of the same command, with the usage line replaced and the examples appended.</remarks>
    public static void Write(Command command, TextWriter output)
    {
        string[] path = ParseErrorMessages.CommandPath(command).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var plain = EquiDynCommandLine.Create(customHelp: false);
        foreach (var help in plain.Options.OfType<HelpOption>())
            if (help.Action is HelpAction action) action.MaxWidth = Width(output);
        var text = new StringWriter();
        plain.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = text, Error = text });
        var lines = text.ToString().ReplaceLineEndings("\n").Split('\n').ToList();
        int usage = lines.IndexOf("Usage:");
        if (usage >= 0)
        {
            int end = usage + 1;
            while (end < lines.Count && lines[end].StartsWith("  ", StringComparison.Ordinal)) end++;
            lines.RemoveRange(usage + 1, end - usage - 1);
            lines.Insert(usage + 1, $"  {UsageLine(command)}");
        }
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        foreach (var line in lines) output.WriteLine(line);
        if (CommandExamples.All.TryGetValue(string.Join(' ', path), out var examples))
        {
            output.WriteLine();
            output.WriteLine("Examples:");
            foreach (var e in examples)
            {
                output.WriteLine($"  {e.CommandLine}");
                output.WriteLine($"      {e.Says}");
            }
        }
        if (path.Length == 0)
        {
            output.WriteLine();
            output.WriteLine("Exit codes:");
            foreach (var (code, meaning) in ExitCodes.Meanings)
                output.WriteLine($"  {code} {meaning}");
        }
        output.WriteLine();
    }

    /// <summary>"equidyn data info &lt;dataset&gt; [options]".</summary>
    public static string UsageLine(Command command)
    {
        var parts = new List<string> { "equidyn" };
        string path = ParseErrorMessages.CommandPath(command);
        if (path.Length > 0) parts.Add(path);
        if (command.Subcommands.Any(c => !c.Hidden)) parts.Add(command.Action is null ? "<command>" : "[command]");
        foreach (var a in command.Arguments.Where(a => !a.Hidden))
        {
            string label = $"<{a.HelpName ?? a.Name}>";
            if (a.Arity.MaximumNumberOfValues > 1) label += "...";
            parts.Add(a.Arity.MinimumNumberOfValues == 0 ? $"[{label}]" : label);
        }
        if (command.Options.Any(o => !o.Hidden && o is not HelpOption and not VersionOption) || command is RootCommand) parts.Add("[options]");
        return string.Join(' ', parts);
    }

    private static int Width(TextWriter output)
    {
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected) return 120;
        try { return Math.Max(60, Console.WindowWidth); }
        catch (IOException) { return 120; }
    }

    /// <summary>The action of <c>--help</c> on every command: <see cref="Write"/> for the parsed command.</summary>
    public sealed class Action : SynchronousCommandLineAction
    {
        /// <inheritdoc />
        public override bool ClearsParseErrors => true;

        /// <inheritdoc />
        public override int Invoke(ParseResult parseResult)
        {
            Write(parseResult.CommandResult.Command, parseResult.InvocationConfiguration.Output);
            return 0;
        }
    }
}

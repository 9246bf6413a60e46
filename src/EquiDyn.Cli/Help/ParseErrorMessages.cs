using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Parsing;
using System.Globalization;

namespace EquiDyn.Cli.Help;

/// <summary>Turns what System.CommandLine found wrong with a command line into one line a person can act on: the
/// offending word itself, a "did you mean" suggestion from the names the command knows, and readable type names
/// ("a whole number", not <c>System.Int32</c>).</summary>
public static class ParseErrorMessages
{
    /// <summary>The command's words after <c>equidyn</c> ("data info"), or "" for the root.</summary>
    public static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c && c is not RootCommand; s = c.Parents.FirstOrDefault())
            names.Add(c.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>The first problem of the parse, as one line without the "equidyn CMD:" prefix; null when there is none.</summary>
    /// <remarks>An option the parser did not know can land in a command's optional argument (<c>run --quik</c> makes
    /// "--quik" the spec file), so argument values that look like options are reported first, as unknown options.</remarks>
    public static string? Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        string path = CommandPath(command);
        string see = path.Length == 0 ? "see equidyn --help" : $"see equidyn help {path}";

        foreach (var argument in parse.CommandResult.Children.OfType<ArgumentResult>())
            foreach (var token in argument.Tokens)
                if (LooksLikeOption(token.Value))
                    return UnknownOption(token.Value, command, see);

        foreach (var token in parse.UnmatchedTokens)
        {
            if (LooksLikeOption(token)) return UnknownOption(token, command, see);
            if (command.Subcommands.Count > 0)
                return $"unknown command '{token}'{Suggestions.DidYouMean(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}; " +
                       $"commands: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))} ({see})";
            return $"unexpected argument '{token}' ({see})";
        }

        foreach (var error in parse.Errors)
        {
            if (Conversion(error) is { } conversion) return $"{conversion} ({see})";
            if (NotAmong(error) is { } among) return $"{among} ({see})";
        }
        if (parse.Errors.Count == 0) return null;
        if (command.Subcommands.Count > 0 && parse.Errors[0].SymbolResult is CommandResult)
            return $"give a command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))} ({see})";
        var missing = command.Arguments.FirstOrDefault(a => !a.Hidden && a.Arity.MinimumNumberOfValues > 0
            && parse.CommandResult.Children.OfType<ArgumentResult>().All(r => r.Argument != a || r.Tokens.Count == 0));
        if (missing is not null && parse.Errors[0].Message.StartsWith("Required argument missing", StringComparison.Ordinal))
            return $"missing <{missing.Name}>{(missing.Description is { Length: > 0 } d ? $": {d.TrimEnd('.')}" : "")} ({see})";
        string message = string.Join(' ', parse.Errors[0].Message.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        return $"{message} ({see})";
    }

    /// <summary>Every option name (and alias) valid on <paramref name="command"/>: its own and the recursive ones of
    /// its parents (--help).</summary>
    public static IEnumerable<string> OptionNames(Command command)
    {
        var options = command.Options.Where(o => !o.Hidden).ToList();
        for (Symbol? s = command.Parents.FirstOrDefault(); s is Command parent; s = parent.Parents.FirstOrDefault())
            options.AddRange(parent.Options.Where(o => o.Recursive && !o.Hidden));
        return options.SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal));
    }

    /// <summary>A readable name of an option's or argument's value type.</summary>
    public static string TypeName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(int) || type == typeof(long) || type == typeof(short)) return "a whole number";
        if (type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort)) return "a whole number ≥ 0";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number (e.g. 0.01 or 1e-3)";
        if (type == typeof(bool)) return "true or false";
        if (type.IsEnum) return $"one of {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}";
        if (type.IsArray) return TypeName(type.GetElementType()!) + " (repeatable)";
        return "text";
    }

    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string UnknownOption(string token, Command command, string see)
    {
        string name = token.Split('=', ':')[0];
        return $"unknown option '{name}'{Suggestions.DidYouMean(name, OptionNames(command))} ({see})";
    }

    /// <summary>"--steps: 'abc' is not a whole number" for a value the parser could not convert, else null.</summary>
    private static string? Conversion(ParseError error)
    {
        if (!error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal)) return null;
        switch (error.SymbolResult)
        {
            case OptionResult o:
                return $"{o.Option.Name}: '{Value(o.Tokens)}' is not {TypeName(o.Option.ValueType)}";
            case ArgumentResult a when a.Parent is OptionResult parent:
                return $"{parent.Option.Name}: '{Value(a.Tokens)}' is not {TypeName(a.Argument.ValueType)}";
            case ArgumentResult a:
                return $"<{a.Argument.Name}>: '{Value(a.Tokens)}' is not {TypeName(a.Argument.ValueType)}";
            default:
                return null;
        }
    }

    /// <summary>"unknown dataset 'mnst' (did you mean mnist?); known: …" for a value outside an argument's list.</summary>
    private static string? NotAmong(ParseError error)
    {
        if (error.SymbolResult is not ArgumentResult a || !error.Message.Contains("not recognized", StringComparison.Ordinal)) return null;
        var known = a.Argument.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();
        if (known.Count == 0) return null;
        string value = a.Tokens.Select(t => t.Value).FirstOrDefault(v => !known.Contains(v)) ?? Value(a.Tokens);
        return Suggestions.UnknownValue(a.Argument.Name, value, known);
    }

    private static string Value(IReadOnlyList<Token> tokens) => tokens.Count == 0 ? "" : tokens[^1].Value;
}

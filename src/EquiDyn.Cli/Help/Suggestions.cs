using EquiDyn.Experiments;

namespace EquiDyn.Cli.Help;

/// <summary>"Did you mean …?" for a mistyped option, command or value: the known names closest to the word by edit
/// distance (optimal string alignment: insertions, deletions, substitutions and swaps of neighbours cost 1), ignoring
/// case and leading dashes.</summary>
/// <remarks>Written by hand: System.CommandLine 2.0 suggests nothing for a misspelt token, and a dozen lines of
/// dynamic programming (shared with the spec reader's <see cref="SpecNames"/>) are smaller than another dependency.</remarks>
public static class Suggestions
{
    /// <summary>The edit distance (optimal string alignment) between two words: the one the spec reader uses
    /// (<see cref="SpecNames.EditDistance"/>).</summary>
    public static int Distance(string a, string b) => SpecNames.EditDistance(a, b);

    /// <summary>The known names closest to <paramref name="word"/> (at most three, best first), or none when nothing
    /// is close: within a third of the word's length in edits (at least 1), or one name a prefix of the other.</summary>
    public static IReadOnlyList<string> Closest(string word, IEnumerable<string> known)
    {
        string w = Normalize(word);
        if (w.Length == 0) return [];
        var scored = new List<(string Name, int Score)>();
        foreach (var name in known.Distinct())
        {
            string n = Normalize(name);
            if (n.Length == 0) continue;
            int distance = Distance(w, n);
            bool prefix = n.Length >= 2 && (w.StartsWith(n, StringComparison.Ordinal) || n.StartsWith(w, StringComparison.Ordinal));
            if (distance <= Math.Max(1, w.Length / 3)) scored.Add((name, distance));
            else if (prefix) scored.Add((name, distance + 10)); // a prefix match ranks after every close spelling
        }
        if (scored.Count == 0) return [];
        int best = scored.Min(s => s.Score);
        return scored.Where(s => s.Score == best).Select(s => s.Name).Take(3).ToList();
    }

    /// <summary>" (did you mean --quick?)", " (did you mean mnist or fashion-mnist?)", or "" when nothing is close.</summary>
    public static string DidYouMean(string word, IEnumerable<string> known)
    {
        var close = Closest(word, known);
        return close.Count == 0 ? "" : $" (did you mean {string.Join(" or ", close)}?)";
    }

    /// <summary>"unknown preset 'permutaton' (did you mean permutation?); known: …" — the one-line message for a value
    /// outside a fixed list.</summary>
    public static string UnknownValue(string what, string value, IReadOnlyCollection<string> known) =>
        $"unknown {what} '{value}'{DidYouMean(value, known)}; known: {string.Join(", ", known)}";

    private static string Normalize(string s) => s.TrimStart('-', '/').ToLowerInvariant();
}

namespace EquiDyn.Examples;

/// <summary>Usage: <c>dotnet run --project examples/QuickStart [group] [side] [epochs]</c>, e.g. <c>d4 6 20</c>.</summary>
internal static class Program
{
    private static void Main(string[] args)
    {
        string group = args.Length > 0 ? args[0] : "c4";
        int side = args.Length > 1 ? int.Parse(args[1]) : 6;
        QuickStart.Run(Console.Out, group, side, args.Length > 2 ? int.Parse(args[2]) : 20);
    }
}

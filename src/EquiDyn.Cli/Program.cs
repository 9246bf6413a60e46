using System.CommandLine;
using EquiDyn.Cli.Commands;

var root = new RootCommand("EquiDyn: optimization dynamics of equivariant and augmented neural networks.");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();

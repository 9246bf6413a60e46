using EquiDyn.Cli.Commands;

return EquiDynCommandLine.Invoke(args);

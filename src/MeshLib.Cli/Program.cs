return MeshLib.Cli.Meshctl.Run(args, Console.Out, Console.Error);

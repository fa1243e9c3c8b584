return await MeshLib.Sidecar.SidecarHost.RunAsync(args, Console.Out, Console.Error);

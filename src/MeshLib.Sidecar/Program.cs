// Before anything opens a socket: the runtime reads this switch once (see SidecarSockets).
MeshLib.Sidecar.SidecarSockets.PreferInlineCompletions();
return await MeshLib.Sidecar.SidecarHost.RunAsync(args, Console.Out, Console.Error);

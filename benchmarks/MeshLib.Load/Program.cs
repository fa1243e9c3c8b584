using MeshLib.Load;
using MeshLib.Load.Driver;

// The processes of the load scripts in benchmarks/load: a Kestrel backend, a plain YARP forwarder, and a load driver.
const string Usage = """
    usage: MeshLib.Load backend --port P [--port P2 ...] [--body-bytes 1024]
           MeshLib.Load yarp --port P --backend http://127.0.0.1:B
           MeshLib.Load drive --client plain|mesh|proxy --url URL [--host NAME] [--proxy URL] [--config FILE]...
                              [--connections 64] [--duration 10] [--warmup 3] [--rate 0] [--label TEXT]
    """;

try
{
    var rest = new Arguments(args.Skip(1));
    switch (args.FirstOrDefault())
    {
        case "backend":
            await Backend.RunAsync(rest);
            return 0;
        case "yarp":
            await YarpBaseline.RunAsync(rest);
            return 0;
        case "drive":
            return await LoadDriver.RunAsync(rest, Console.Out);
        default:
            throw new UsageException(args.Length == 0 ? "a command is required" : $"unknown command '{args[0]}'");
    }
}
catch (UsageException exception)
{
    await Console.Error.WriteLineAsync($"MeshLib.Load: {exception.Message}");
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}

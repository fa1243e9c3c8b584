using Microsoft.Extensions.Hosting;

namespace MeshLib.Management;

/// <summary>With a generic host, loads the mesh configuration at start so that a bad configuration fails the start.</summary>
internal sealed class MeshStartupService(MeshConfigManager manager) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        manager.LoadInitial();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

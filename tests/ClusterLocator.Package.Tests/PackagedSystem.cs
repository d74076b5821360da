using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Testing;

namespace ClusterLocator.Package.Tests;

/// <summary>
/// The packaged tool installed from the local feed into a temporary tool path, and a real locator
/// and controller that it runs, on free loopback ports. Shared by the tests of the tool and of the
/// fresh console app, so the install happens once.
/// </summary>
public sealed class PackagedSystem : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _running = [];

    /// <summary>The temporary folder of this run: tool path, package caches, the console app.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "clusterlocator-package-" + Guid.NewGuid().ToString("N"));

    public string Tool => Path.Combine(Root, "tools", OperatingSystem.IsWindows() ? "clusterlocator.exe" : "clusterlocator");

    public Uri Locator { get; private set; } = null!;

    public const string ClusterId = "packaged-a";

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: stop what did start.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        var feed = PackageFeed.Directory;
        Directory.CreateDirectory(Root);

        // Only the local feed, and a package folder of our own: a ClusterLocator.Tool 0.1.0 cached by an
        // earlier run (or published by someone else) can never stand in for the one just packed.
        var config = Path.Combine(Root, "tool.nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        await ChildProcess.RunAsync(
            "dotnet",
            ["tool", "install", "ClusterLocator.Tool", "--version", PackageFeed.Version, "--tool-path", Path.Combine(Root, "tools"), "--configfile", config],
            Root,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Root, "tool-packages") });

        var locator = Keep(ChildProcess.Start(Tool, ["locator", "--urls", "http://127.0.0.1:0", "--warm-up", "0s"], Root));
        Locator = await locator.WaitForListeningAsync();

        var member = Keep(EchoServer.Start());
        var controller = Keep(ChildProcess.Start(
            Tool,
            [
                "controller", "--cluster", ClusterId, "--service", "erp", "--capacity", "10",
                "--listen", "tcp://127.0.0.1:0", "--member", member.Address, "--locator", Locator.ToString(),
                "--report-interval", "200ms", "--probe-interval", "200ms", "--no-host-usage",
            ],
            Root));

        using var http = new HttpClient { BaseAddress = Locator };
        try
        {
            await Eventually.HoldsAsync(
                async () => (await http.GetAsync("v1/locate?service=erp")).IsSuccessStatusCode,
                "the packaged controller to become eligible on the packaged locator");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nlocator: {locator.Output}\ncontroller: {controller.Output}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            await _running[i].DisposeAsync();
        }

        _running.Clear();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file still held by an exiting process: the temporary folder is cleaned by the system.
        }
    }

    private T Keep<T>(T running)
        where T : IAsyncDisposable
    {
        _running.Add(running);
        return running;
    }
}

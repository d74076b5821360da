using System.Text.Json;
using ClusterLocator.Protocol;

namespace ClusterLocator.Client.Tests;

/// <summary>Locators over real loopback sockets, honest or not, and a client of them using the SDK's own HttpClient.</summary>
internal static class LoopbackLocators
{
    /// <summary>A locator that answers every question with this placement.</summary>
    public static LoopbackHttpServer Placing(string clusterId, string protocol, string address, long ttlMs = 5000) =>
        new(_ => LoopbackHttpServer.Response(
            "200 OK",
            JsonSerializer.Serialize(new LocateResponse(clusterId, protocol, address, 0.8, ttlMs, Stale: false), ProtocolJsonContext.Default.LocateResponse),
            "Content-Type: application/json"));

    /// <summary>A locator that answers every question with this problem.</summary>
    public static LoopbackHttpServer Refusing(int status, string title, string detail) =>
        new(_ => LoopbackHttpServer.Response(
            $"{status} {title}",
            JsonSerializer.Serialize(new Problem { Title = title, Status = status, Detail = detail }, ProtocolJsonContext.Default.Problem),
            $"Content-Type: {Problem.ContentType}"));

    /// <summary>A client of <paramref name="locators"/>, in order, with caching off unless <paramref name="configure"/> turns it on.</summary>
    public static LocatorClient NewClient(Action<LocatorClientOptions>? configure, params Uri[] locators)
    {
        var options = new LocatorClientOptions { CachePlacements = false, LocatorTimeout = TimeSpan.FromSeconds(30) };
        foreach (var locator in locators)
        {
            options.Locators.Add(locator);
        }

        configure?.Invoke(options);
        return new LocatorClient(options);
    }
}

using Microsoft.Extensions.Time.Testing;

namespace ClusterLocator.Client.Tests;

/// <summary>Builds a <see cref="LocatorClient"/> over fakes.</summary>
internal static class TestClients
{
    public static LocatorClient Create(
        FakeHttpServers locators,
        TimeProvider? time = null,
        IClusterDialer? dialer = null,
        Action<LocatorClientOptions>? configure = null,
        params Uri[] locatorUrls)
    {
        var options = new LocatorClientOptions();
        foreach (var url in locatorUrls.Length == 0 ? [LocatorAnswers.A] : locatorUrls)
        {
            options.Locators.Add(url);
        }

        configure?.Invoke(options);
        return new LocatorClient(options, new HttpClient(locators), time ?? new FakeTimeProvider(), dialer ?? new FakeClusterDialer());
    }
}

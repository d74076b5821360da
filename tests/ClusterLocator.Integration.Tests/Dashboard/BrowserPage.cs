using Microsoft.Playwright;

namespace ClusterLocator.Integration.Tests.Dashboard;

/// <summary>A page and the browser context it lives in; disposing closes both (and the page's streams).</summary>
public sealed class BrowserPage(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public ValueTask DisposeAsync() => context.DisposeAsync();
}

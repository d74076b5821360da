using Microsoft.Playwright;

namespace ClusterLocator.Integration.Tests.Dashboard;

/// <summary>
/// Debian's <c>chromium</c> (which the README's test command installs), headless, driven by
/// Playwright: no browser is downloaded. One browser for a test class; each test opens its own page.
/// </summary>
public sealed class SystemChromium : IAsyncLifetime
{
    // The binary itself first: /usr/bin/chromium is Debian's wrapper script around it.
    private static readonly string[] Candidates = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        var executable = Candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"Chromium is not installed (looked for {string.Join(", ", Candidates)}): run 'apt-get install chromium', as test.sh does.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Root in a container: no user namespaces for the sandbox, and a small /dev/shm.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>A page of its own context at <paramref name="url"/>, with a timeout that fits a busy machine; dispose it to close it.</summary>
    public async Task<BrowserPage> OpenAsync(Uri url)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(url.ToString());
        return new BrowserPage(context, page);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

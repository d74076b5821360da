using Microsoft.Extensions.Options;

namespace ClusterLocator.Client.Tests;

public sealed class LocatorClientOptionsValidatorTests
{
    private static LocatorClientOptions Valid()
    {
        var options = new LocatorClientOptions();
        options.Locators.Add(new Uri("http://127.0.0.1:7400"));
        return options;
    }

    [Fact]
    public void Defaults_WithOneLocator_AreValid()
    {
        var result = new LocatorClientOptionsValidator().Validate(Options.DefaultName, Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void RefusalWindowZero_IsValid_ItTurnsTheCheckOff()
    {
        var options = Valid();
        options.RefusalWindow = TimeSpan.Zero;

        using var client = new LocatorClient(options);

        Assert.Equal(options.Locators, client.Locators);
    }

    [Fact]
    public void Constructor_EveryBadOption_IsReportedAtOnce()
    {
        var options = new LocatorClientOptions
        {
            LocatorTimeout = TimeSpan.Zero,
            ConnectTimeout = Timeout.InfiniteTimeSpan,
            RefusalWindow = TimeSpan.FromMilliseconds(-5),
            MaxAttempts = 0,
        };
        options.Locators.Add(new Uri("ftp://10.0.0.2:7400"));
        options.Locators.Add(new Uri("locators/a", UriKind.Relative));

        var ex = Assert.Throws<ArgumentException>(() => new LocatorClient(options));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("LocatorClientOptions.Locators has 'ftp://10.0.0.2:7400/', which is not an absolute http:// or https:// URL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocatorClientOptions.Locators has 'locators/a', which is not an absolute http:// or https:// URL", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocatorClientOptions.LocatorTimeout is 00:00:00: use a positive time", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocatorClientOptions.ConnectTimeout is -00:00:00.0010000: use a positive time", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocatorClientOptions.RefusalWindow is -00:00:00.0050000: use zero (no check) or a positive time", ex.Message, StringComparison.Ordinal);
        Assert.Contains("LocatorClientOptions.MaxAttempts is 0: use 1 to 64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoLocator_SaysToAddOne()
    {
        var ex = Assert.Throws<ArgumentException>(() => new LocatorClient(new LocatorClientOptions()));

        Assert.Contains("LocatorClientOptions.Locators is empty: add the base URL of at least one locator", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TooManyAttempts_IsRejected()
    {
        var options = Valid();
        options.MaxAttempts = LocatorClientOptionsValidator.MaxAttemptsLimit + 1;

        var ex = Assert.Throws<ArgumentException>(() => new LocatorClient(options));

        Assert.Contains("LocatorClientOptions.MaxAttempts is 65", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validator_ReportsEachProblemAsItsOwnFailure()
    {
        var options = new LocatorClientOptions { MaxAttempts = 0 };

        var result = new LocatorClientOptionsValidator().Validate(Options.DefaultName, options);

        Assert.True(result.Failed);
        Assert.Equal(2, result.Failures!.Count());
    }

    [Fact]
    public void TlsFiles_KeyWithoutCertificateAndMissingCa_NameTheirProperties()
    {
        var options = new LocatorClientOptions { LocatorCa = "/nonexistent/ca.pem", TlsClientKey = "/nonexistent/key.pem" };
        options.Locators.Add(new Uri("https://127.0.0.1:7400"));

        var errors = LocatorClientOptionsValidator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("LocatorClientOptions.TlsClientKey is given without LocatorClientOptions.TlsClientCert", StringComparison.Ordinal));
        Assert.Contains("LocatorClientOptions.LocatorCa '/nonexistent/ca.pem' does not exist: give the path of a PEM file that this process's user can read.", errors);
    }

    [Fact]
    public void TlsFiles_WithHttpLocatorsOnly_AreRefused()
    {
        var options = Valid();
        options.LocatorCa = typeof(LocatorClientOptionsValidatorTests).Assembly.Location;

        var error = Assert.Single(LocatorClientOptionsValidator.Validate(options));

        Assert.StartsWith("LocatorClientOptions.LocatorCa is for a locator reached over TLS, and no LocatorClientOptions.Locators is https://", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TlsFiles_WithAnHttpClientOfYourOwn_AreRefusedRatherThanIgnored()
    {
        using var certificates = ClusterLocator.Testing.TestCertificates.Create();
        var options = new LocatorClientOptions { LocatorCa = certificates.CaFile };
        options.Locators.Add(new Uri("https://127.0.0.1:7400"));
        using var http = new HttpClient();

        var ex = Assert.Throws<ArgumentException>(() => new LocatorClient(options, http));

        Assert.Contains("apply to the HTTP client the LocatorClient makes", ex.Message, StringComparison.Ordinal);
    }
}

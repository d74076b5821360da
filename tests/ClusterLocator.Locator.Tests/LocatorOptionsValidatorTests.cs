using ClusterLocator.Locator.Registry;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClusterLocator.Locator.Tests;

public class LocatorOptionsValidatorTests
{
    private const string Token = "0123456789abcdef";

    private static LocatorOptions WithUrl(string url, string? token = null, bool insecure = false)
    {
        var options = new LocatorOptions { ControllerToken = token, Insecure = insecure };
        options.Urls.Add(url);
        if (url.StartsWith("https://", StringComparison.Ordinal))
        {
            // An https:// URL needs a certificate, which the validator names but does not read.
            options.TlsCert = "locator.pem";
            options.TlsKey = "locator-key.pem";
        }

        return options;
    }

    [Fact]
    public void Validate_Defaults_ReportsNothing()
    {
        Assert.Empty(LocatorOptionsValidator.Validate(new LocatorOptions()));
    }

    [Fact]
    public void Validate_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => LocatorOptionsValidator.Validate(null!));
    }

    [Theory]
    [InlineData("best")]
    [InlineData("p2c")]
    [InlineData("weighted")]
    [InlineData("round-robin")]
    public void Validate_KnownPolicy_ReportsNothing(string policy)
    {
        Assert.Empty(LocatorOptionsValidator.Validate(new LocatorOptions { Policy = policy }));
    }

    [Theory]
    [InlineData("fastest")]
    [InlineData("Best")]
    [InlineData("")]
    public void Validate_UnknownPolicy_ReportsPolicyError(string policy)
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(new LocatorOptions { Policy = policy }));

        Assert.StartsWith($"LocatorOptions.Policy '{policy}' is unknown", error, StringComparison.Ordinal);
        Assert.Contains("best, p2c, weighted, round-robin", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeaseShorterThanInterval_ReportsLeaseError()
    {
        var options = new LocatorOptions { ReportInterval = TimeSpan.FromSeconds(2), Lease = TimeSpan.FromSeconds(1) };

        Assert.StartsWith("LocatorOptions.Lease 00:00:01 is shorter than the report interval (LocatorOptions.ReportInterval 00:00:02)", Assert.Single(LocatorOptionsValidator.Validate(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeaseEqualToInterval_ReportsNothing()
    {
        Assert.Empty(LocatorOptionsValidator.Validate(new LocatorOptions { ReportInterval = TimeSpan.FromSeconds(2), Lease = TimeSpan.FromSeconds(2) }));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(3_600_001)]
    public void Validate_ReportIntervalOutOfRange_ReportsIntervalError(int milliseconds)
    {
        var options = new LocatorOptions { ReportInterval = TimeSpan.FromMilliseconds(milliseconds) };

        Assert.StartsWith("LocatorOptions.ReportInterval", Assert.Single(LocatorOptionsValidator.Validate(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeWarmUp_ReportsWarmUpError()
    {
        Assert.StartsWith("LocatorOptions.WarmUp", Assert.Single(LocatorOptionsValidator.Validate(new LocatorOptions { WarmUp = TimeSpan.FromSeconds(-1) })), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ZeroWarmUp_ReportsNothing()
    {
        Assert.Empty(LocatorOptionsValidator.Validate(new LocatorOptions { WarmUp = TimeSpan.Zero }));
    }

    [Fact]
    public void Validate_ZeroPlacementTtl_ReportsTtlError()
    {
        Assert.StartsWith("LocatorOptions.PlacementTtl", Assert.Single(LocatorOptionsValidator.Validate(new LocatorOptions { PlacementTtl = TimeSpan.Zero })), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeRetention_ReportsRetentionError()
    {
        Assert.StartsWith("LocatorOptions.ExpiredRetention", Assert.Single(LocatorOptionsValidator.Validate(new LocatorOptions { ExpiredRetention = TimeSpan.FromSeconds(-1) })), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("0123456789abcde")]
    [InlineData("0123456789 abcdef")]
    [InlineData("0123456789abcdef\n")]
    public void Validate_WeakToken_ReportsTokenError(string token)
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(new LocatorOptions { ControllerToken = token }));

        Assert.StartsWith("LocatorOptions.ControllerToken must be at least 16 characters", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SixteenCharacterToken_ReportsNothing()
    {
        Assert.Empty(LocatorOptionsValidator.Validate(new LocatorOptions { ControllerToken = Token }));
    }

    [Theory]
    [InlineData("memory ")]
    [InlineData("Memory")]
    [InlineData("redis://127.0.0.1:6379")]
    public void Validate_UnknownStore_SaysWhichStoresExist(string store)
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(new LocatorOptions { Store = store }));

        Assert.StartsWith($"LocatorOptions.Store '{store}' is unknown: use 'memory', or etcd://HOST:PORT", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("etcd://127.0.0.1:2379")]
    [InlineData("etcd://10.0.0.1:2379,10.0.0.2:2379,10.0.0.3:2379")]
    [InlineData("etcds://etcd.example.com:2379")]
    public void Validate_EtcdStore_IsAccepted(string store)
    {
        Assert.Empty(LocatorOptionsValidator.Validate(new LocatorOptions { Store = store }));
    }

    [Theory]
    [InlineData("etcd://", "''")]
    [InlineData("etcd://127.0.0.1", "'127.0.0.1'")]
    [InlineData("etcd://10.0.0.1:2379,10.0.0.2", "'10.0.0.2'")]
    public void Validate_EtcdMemberWithoutPort_NamesIt(string store, string member)
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(new LocatorOptions { Store = store }));

        Assert.Contains($"has {member}, which is not HOST:PORT", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("clusterlocator")]
    [InlineData("/clusterlocator")]
    [InlineData("/cluster locator/")]
    public void Validate_EtcdPrefixNotBetweenSlashes_IsRefused(string prefix)
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(new LocatorOptions { Store = "etcd://127.0.0.1:2379", StorePrefix = prefix }));

        Assert.StartsWith($"LocatorOptions.StorePrefix '{prefix}' must start and end with '/'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveWarmUp_EtcdStore_IsZero_MemoryStore_IsOneLease()
    {
        Assert.Equal(TimeSpan.Zero, new LocatorOptions { Store = "etcd://127.0.0.1:2379" }.EffectiveWarmUp);
        Assert.Equal(TimeSpan.FromSeconds(3), new LocatorOptions().EffectiveWarmUp);
    }

    [Theory]
    [InlineData("http://0.0.0.0:7400")]
    [InlineData("http://[::]:7400")]
    [InlineData("https://10.0.0.5:443")]
    [InlineData("http://*:7400")]
    [InlineData("http://+:7400")]
    public void Validate_NonLoopbackUrlWithoutToken_IsRefused(string url)
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(WithUrl(url)));

        Assert.StartsWith($"LocatorOptions.Urls '{url}' listens beyond loopback without a controller token", error, StringComparison.Ordinal);
        Assert.Contains("LocatorOptions.Insecure", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NonLoopbackUrlWithToken_IsAllowed()
    {
        Assert.Empty(LocatorOptionsValidator.Validate(WithUrl("http://0.0.0.0:7400", token: Token)));
    }

    [Theory]
    [InlineData("http://0.0.0.0:7400")]
    [InlineData("http://*:7400")]
    [InlineData("http://+:7400")]
    public void Validate_NonLoopbackUrlWithInsecure_IsAllowed(string url)
    {
        Assert.Empty(LocatorOptionsValidator.Validate(WithUrl(url, insecure: true)));
    }

    [Fact]
    public void Validate_NonLoopbackUrlWithACredentialsFile_IsAllowed()
    {
        var options = WithUrl("http://0.0.0.0:7400");
        options.CredentialsFile = "/etc/clusterlocator/credentials.json";

        Assert.Empty(LocatorOptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://127.0.0.2:7400")]
    [InlineData("http://localhost:7400")]
    [InlineData("http://[::1]:7400")]
    [InlineData("https://127.0.0.1:7443")]
    public void Validate_LoopbackUrlWithoutToken_IsAllowed(string url)
    {
        Assert.Empty(LocatorOptionsValidator.Validate(WithUrl(url)));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("127.0.0.1:7400")]
    public void Validate_InvalidUrl_ReportsUrlError(string url)
    {
        Assert.StartsWith($"LocatorOptions.Urls '{url}' is invalid", Assert.Single(LocatorOptionsValidator.Validate(WithUrl(url))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://loopback:7401")]
    [InlineData("http://example.com:7401")]
    [InlineData("https://locator.example.com:7443")]
    public void Validate_HostNameInUrl_IsRefusedEvenWithToken(string url)
    {
        var error = Assert.Single(LocatorOptionsValidator.Validate(WithUrl(url, token: Token)));

        Assert.StartsWith($"LocatorOptions.Urls '{url}' names the host", error, StringComparison.Ordinal);
        Assert.Contains("it would listen on every interface. Use an IP address", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("locator.internal")]
    [InlineData("10.0.0.5")]
    [InlineData("[fd00::5]")]
    public void Validate_AllowedHost_ReportsNothing(string host)
    {
        var options = new LocatorOptions();
        options.AllowedHosts.Add(host);

        Assert.Empty(LocatorOptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData("")]
    [InlineData("locator.internal:7400")]
    [InlineData("http://locator.internal")]
    [InlineData("*.internal")]
    public void Validate_AllowedHostNotAHostName_IsRefused(string host)
    {
        var options = new LocatorOptions();
        options.AllowedHosts.Add(host);

        Assert.StartsWith($"LocatorOptions.AllowedHosts '{host}' is not a host name or IP address", Assert.Single(LocatorOptionsValidator.Validate(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EveryUrl_IsChecked()
    {
        var options = new LocatorOptions();
        options.Urls.Add("http://127.0.0.1:7400");
        options.Urls.Add("http://0.0.0.0:7401");
        options.Urls.Add("http://10.0.0.5:7402");

        Assert.Equal(2, LocatorOptionsValidator.Validate(options).Count);
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryOne()
    {
        var options = new LocatorOptions
        {
            Policy = "fastest",
            ReportInterval = TimeSpan.FromSeconds(2),
            Lease = TimeSpan.FromSeconds(1),
            ControllerToken = "short",
            Store = "etcd://h",
            PlacementTtl = TimeSpan.Zero,
        };
        options.Urls.Add("http://0.0.0.0:7400");

        var errors = LocatorOptionsValidator.Validate(options);

        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.Policy", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.Lease", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.ControllerToken", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.Store", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("LocatorOptions.PlacementTtl", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ManyProblemsWithoutToken_AlsoReportsTheUrl()
    {
        var options = new LocatorOptions { Policy = "fastest", Store = "etcd://h" };
        options.Urls.Add("http://0.0.0.0:7400");

        Assert.Equal(3, LocatorOptionsValidator.Validate(options).Count);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(60)]
    public void Validate_LeaseOfDays_IsRefusedNamingTheLimit(int days)
    {
        // A lease of days passes the command line's duration syntax; the validator must stop it, since
        // a dead cluster would be placed that long (and the registry's sweeper timer runs every lease).
        var options = new LocatorOptions { Lease = TimeSpan.FromDays(days) };

        var error = Assert.Single(LocatorOptionsValidator.Validate(options));

        Assert.StartsWith($"LocatorOptions.Lease {TimeSpan.FromDays(days)} is too long: use at most 1h", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LongestLeaseItAccepts_CanStartTheRegistry()
    {
        var options = new LocatorOptions { ReportInterval = TimeSpan.FromHours(1), Lease = TimeSpan.FromHours(1) };
        Assert.Empty(LocatorOptionsValidator.Validate(options));

        var ex = Record.Exception(() => new ClusterRegistry(new MemoryClusterStore(), TimeProvider.System, options, NullLogger<ClusterRegistry>.Instance).Dispose());

        Assert.Null(ex);
    }

    [Fact]
    public void Validate_AsOptionsValidator_FailsWithEveryMessage()
    {
        var options = new LocatorOptions { Policy = "fastest", PlacementTtl = TimeSpan.Zero };

        var result = new LocatorOptionsValidator().Validate(name: null, options);

        Assert.True(result.Failed);
        Assert.Equal(LocatorOptionsValidator.Validate(options), result.Failures);
        Assert.True(new LocatorOptionsValidator().Validate(name: null, new LocatorOptions()).Succeeded);
    }
}

namespace ClusterLocator.Controller.Tests;

public sealed class ControllerOptionsValidatorTests
{
    private static ControllerOptions Valid()
    {
        var options = new ControllerOptions { ClusterId = "a", Service = "erp", Capacity = 100 };
        options.Listen.Add(new Uri("tcp://127.0.0.1:9001"));
        options.Members.Add("127.0.0.1:7001");
        options.Locators.Add(new Uri("http://127.0.0.1:7400"));
        return options;
    }

    [Fact]
    public void Validate_Valid_ReportsNothing()
    {
        Assert.Empty(ControllerOptionsValidator.Validate(Valid()));
    }

    [Fact]
    public void Validate_Empty_ListsEveryMissingPiece()
    {
        var errors = ControllerOptionsValidator.Validate(new ControllerOptions());

        Assert.Contains(errors, e => e.StartsWith("ControllerOptions.ClusterId is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ControllerOptions.Service is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ControllerOptions.Capacity 0 is invalid", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("No front door: give ControllerOptions.Listen", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("No member: give ControllerOptions.Members", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("No locator: give ControllerOptions.Locators", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NamesPropertiesNeverCommandLineFlags()
    {
        var options = new ControllerOptions { ClusterId = "bad id!", Zone = "bad zone", MaxSessions = 0, ReportInterval = TimeSpan.Zero, HealthPath = "healthz" };
        options.Listen.Add(new Uri("udp://db.example:9001"));
        options.Members.Add("nohost");
        options.Locators.Add(new Uri("ftp://x"));

        var errors = ControllerOptionsValidator.Validate(options);

        Assert.All(errors, e => Assert.Contains("ControllerOptions.", e, StringComparison.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("--", e, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("udp://127.0.0.1:9001", "has scheme 'udp'")]
    [InlineData("tcp://127.0.0.1", "needs HOST:PORT")]
    [InlineData("tcp://db.example:9001", "must name an IP address")]
    [InlineData("http://127.0.0.1:9002/path", "needs HOST:PORT and nothing after it")]
    public void Validate_BadListen_SaysWhy(string listen, string expected)
    {
        var options = Valid();
        options.Listen.Clear();
        options.Listen.Add(new Uri(listen));

        Assert.Contains(ControllerOptionsValidator.Validate(options), e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TwoFrontDoorsOfOneProtocol_IsRefused()
    {
        var options = Valid();
        options.Listen.Add(new Uri("tcp://127.0.0.1:9002"));

        Assert.Contains(ControllerOptionsValidator.Validate(options), e => e.Contains("one front door per protocol", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_HttpAndHttpsFrontDoors_AreOneProtocolGivenTwice()
    {
        var options = Valid();
        options.Listen.Add(new Uri("http://127.0.0.1:9002"));
        options.Listen.Add(new Uri("https://127.0.0.1:9443"));
        options.FrontDoorTlsCert = typeof(ControllerOptionsValidatorTests).Assembly.Location;
        options.FrontDoorTlsKey = typeof(ControllerOptionsValidatorTests).Assembly.Location;

        Assert.Equal(["ControllerOptions.Listen is given 2 times for http: give one front door per protocol."], ControllerOptionsValidator.Validate(options));
    }

    [Theory]
    [InlineData("https://127.0.0.1:9443", null, null, "ControllerOptions.Listen is https:// and no ControllerOptions.FrontDoorTlsCert is given")]
    [InlineData("https://127.0.0.1:9443", null, "key.pem", "ControllerOptions.FrontDoorTlsKey is given without ControllerOptions.FrontDoorTlsCert")]
    [InlineData("https://127.0.0.1:9443", "cert.pem", null, "ControllerOptions.FrontDoorTlsCert is given without ControllerOptions.FrontDoorTlsKey")]
    [InlineData("http://127.0.0.1:9002", "cert.pem", "key.pem", "ControllerOptions.FrontDoorTlsCert is given but no ControllerOptions.Listen is https://, so it would serve nothing")]
    [InlineData("https://127.0.0.1:9443", "missing-cert.pem", "missing-key.pem", "ControllerOptions.FrontDoorTlsCert 'missing-cert.pem' does not exist")]
    public void Validate_FrontDoorTls_NamesTheProperties(string listen, string? cert, string? key, string expected)
    {
        var options = Valid();
        options.Listen.Add(new Uri(listen));
        options.FrontDoorTlsCert = cert;
        options.FrontDoorTlsKey = key;

        Assert.Contains(ControllerOptionsValidator.Validate(options), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadMemberAndLocator_AreBothReported()
    {
        var options = Valid();
        options.Members.Add("nohost");
        options.Locators.Add(new Uri("ftp://x"));

        var errors = ControllerOptionsValidator.Validate(options);

        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Validate_Embedded_NeedsNoFrontDoorOrMember()
    {
        var options = Valid();
        options.Listen.Clear();
        options.Members.Clear();

        Assert.Empty(ControllerOptionsValidator.Validate(options, embedded: true));
        Assert.NotEmpty(ControllerOptionsValidator.Validate(options));
    }

    [Fact]
    public void Validate_TlsClientCertificateWithoutKey_AndMissingCa_NameTheirProperties()
    {
        var options = Valid();
        options.Locators.Clear();
        options.Locators.Add(new Uri("https://127.0.0.1:7400"));
        options.LocatorCa = "/nonexistent/ca.pem";
        options.TlsClientCert = "/nonexistent/client.pem";

        var errors = ControllerOptionsValidator.Validate(options);

        Assert.Contains(errors, e => e.StartsWith("ControllerOptions.TlsClientCert is given without ControllerOptions.TlsClientKey", StringComparison.Ordinal));
        Assert.Contains("ControllerOptions.LocatorCa '/nonexistent/ca.pem' does not exist: give the path of a PEM file that the controller's user can read.", errors);
        Assert.Contains(errors, e => e.StartsWith("ControllerOptions.TlsClientCert '/nonexistent/client.pem' does not exist", StringComparison.Ordinal));
    }
}

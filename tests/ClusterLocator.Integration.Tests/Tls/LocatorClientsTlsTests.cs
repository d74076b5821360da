using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using ClusterLocator.Client;
using ClusterLocator.Controller;
using ClusterLocator.Controller.Hosting;
using ClusterLocator.Integration.Tests.Infrastructure;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClusterLocator.Integration.Tests.Tls;

/// <summary>
/// The locator's clients over TLS: the CLI's <c>locate</c>, <c>clusters</c> and <c>controller</c> with
/// <c>--locator-ca</c>, and the client certificate (<c>--tls-client-cert</c>, <c>TlsClientCert</c>)
/// that the SDK, the CLI and the controller present, seen by a TLS server that requires one.
/// </summary>
public sealed class LocatorClientsTlsTests : IDisposable
{
    private const string ClientSubject = "CN=clusterlocator test locator";

    private readonly TestCertificates _certificates = TestCertificates.Create();

    public void Dispose() => _certificates.Dispose();

    [Fact]
    public async Task Cli_LocateAndClusters_WithLocatorCa_Succeed_AndWithoutIt_Exit4NamingLocatorCa()
    {
        await using var locator = await StartHttpsLocatorAsync();
        await locator.RegisterAsync("c1", Reports.Create(tcp: "127.0.0.1:9101"));
        var url = locator.BaseAddress.ToString();

        var located = await CliProcess.RunAsync("locate", "--locator", url, "--locator-ca", _certificates.CaFile, "--service", "erp");
        Assert.True(located.ExitCode == 0, $"locate exited {located.ExitCode}: {located.Stderr}");
        Assert.Contains("cluster=c1", located.Stdout, StringComparison.Ordinal);

        var listed = await CliProcess.RunAsync("clusters", "--locator", url, "--locator-ca", _certificates.CaFile, "--json");
        Assert.True(listed.ExitCode == 0, $"clusters exited {listed.ExitCode}: {listed.Stderr}");
        Assert.Contains("\"clusterId\":\"c1\"", listed.Stdout, StringComparison.Ordinal);

        foreach (var command in new[] { "locate", "clusters" })
        {
            var refused = await CliProcess.RunAsync(command, "--locator", url, "--service", "erp");
            Assert.Equal(4, refused.ExitCode);
            Assert.Contains("the TLS handshake failed", refused.Stderr, StringComparison.Ordinal);
            Assert.Contains("--locator-ca", refused.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cli_ControllerWithLocatorCa_RegistersOverHttps()
    {
        await using var locator = await StartHttpsLocatorAsync();
        await using var member = EchoServer.Start();
        await using var controller = CliProcess.Start(
        [
            "controller", "--cluster", "tls-a", "--service", "erp", "--capacity", "10",
            "--listen", "tcp://127.0.0.1:0", "--member", member.Address,
            "--locator", locator.BaseAddress.ToString(), "--locator-ca", _certificates.CaFile,
            "--report-interval", "100ms", "--probe-interval", "100ms", "--no-host-usage",
        ]);

        try
        {
            await Eventually.HoldsAsync(
                async () => await locator.ClusterAsync("tls-a") is { State: ClusterStates.Active },
                "the controller to register over https");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} stderr: {controller.Stderr} stdout: {controller.Stdout}", ex);
        }
    }

    [Fact]
    public async Task Sdk_WithClientCertificate_PresentsIt()
    {
        var subjects = new ConcurrentQueue<string>();
        await using var server = await StartClientCertificateServerAsync(subjects);
        var options = new LocatorClientOptions
        {
            LocatorCa = _certificates.CaFile,
            TlsClientCert = _certificates.ClientCertFile,
            TlsClientKey = _certificates.ClientKeyFile,
        };
        options.Locators.Add(ServerUrl(server));
        using var client = new LocatorClient(options);

        var list = await client.GetClustersAsync().DefaultTimeout();

        Assert.Empty(list.Clusters);
        Assert.Equal([ClientSubject], subjects.Distinct());
    }

    [Fact]
    public async Task Cli_ClustersWithTlsClientCert_PresentsIt()
    {
        var subjects = new ConcurrentQueue<string>();
        await using var server = await StartClientCertificateServerAsync(subjects);

        var listed = await CliProcess.RunAsync(
            "clusters", "--locator", ServerUrl(server).ToString(), "--locator-ca", _certificates.CaFile,
            "--tls-client-cert", _certificates.ClientCertFile, "--tls-client-key", _certificates.ClientKeyFile);

        Assert.True(listed.ExitCode == 0, $"clusters exited {listed.ExitCode}: {listed.Stderr}");
        Assert.Equal([ClientSubject], subjects.Distinct());
    }

    [Fact]
    public async Task Controller_WithClientCertificate_PresentsItWhenReporting()
    {
        var subjects = new ConcurrentQueue<string>();
        await using var server = await StartClientCertificateServerAsync(subjects);
        await using var member = EchoServer.Start();
        using var host = await TlsLoopback.StartControllerAsync(_certificates, "tls-b", "erp", ServerUrl(server), member.Address);

        await Eventually.HoldsAsync(() => !subjects.IsEmpty, "the controller to report to the TLS server");

        Assert.Equal([ClientSubject], subjects.Distinct());
        await host.StopAsync().DefaultTimeout();
    }

    private Task<TestLocator> StartHttpsLocatorAsync() =>
        TestLocator.StartAsync(
            options =>
            {
                options.Urls.Clear();
                options.Urls.Add("https://127.0.0.1:0");
                options.TlsCert = _certificates.ServerCertFile;
                options.TlsKey = _certificates.ServerKeyFile;
                options.ReportInterval = TimeSpan.FromMilliseconds(100);
            },
            handler: TlsLoopback.Trusting(_certificates.CaFile));

    /// <summary>
    /// A TLS server on loopback, with the test CA's server certificate, that requires a client certificate
    /// issued by the test CA, records each request's certificate subject, and answers an empty cluster list.
    /// </summary>
    private async Task<WebApplication> StartClientCertificateServerAsync(ConcurrentQueue<string> subjects)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        var serverCertificate = X509Certificate2.CreateFromPemFile(_certificates.ServerCertFile, _certificates.ServerKeyFile);
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(_certificates.CaFile));
        var caSubject = ca.Subject;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,

            // Whether the certificate is the test CA's is all this server needs to know.
            ClientCertificateValidation = (certificate, _, _) => certificate.Issuer == caSubject,
        })));
        var app = builder.Build();
        app.Run(async context =>
        {
            subjects.Enqueue(context.Connection.ClientCertificate?.Subject ?? "none");
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"clusters\":[]}");
        });
        await app.StartAsync().DefaultTimeout();
        return app;
    }

    private static Uri ServerUrl(WebApplication server) => new(server.Urls.First() + "/");
}

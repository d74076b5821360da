using System.Net;
using ARSoft.Tools.Net.Dns;
using ClusterLocator.Locator.Dns;
using ClusterLocator.Locator.Tests.Api;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;
using DnsClient;
using DnsClient.Protocol;

namespace ClusterLocator.Locator.Tests.Dns;

/// <summary>Locates over DNS, asked as a resolver or <c>dig</c> would, over UDP and TCP on loopback.</summary>
public sealed class DnsLocateTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Srv_Tcp_AnswersTheClustersPortWithATargetNamedForItsAddressAndCountsThePlacement(bool tcp)
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("a", Reports.Create(tcp: "10.0.0.5:9001"));

        var answer = await dns.Client(tcp).QueryAsync("_erp._tcp.locator.", QueryType.SRV).DefaultTimeout();

        Assert.False(answer.HasError, answer.ErrorMessage);
        var srv = Assert.Single(answer.Answers.SrvRecords());
        Assert.Equal(9001, srv.Port);
        Assert.Equal("a.cluster.locator.", srv.Target.Value);
        Assert.Equal(0, srv.TimeToLive);
        Assert.Equal(IPAddress.Parse("10.0.0.5"), Assert.Single(answer.Additionals.ARecords(), r => r.DomainName.Value == "a.cluster.locator.").Address);
        Assert.Equal("cluster-id=a", Assert.Single(Assert.Single(answer.Additionals.TxtRecords()).Text));
        Assert.Equal(1, dns.PlacedOn("a"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Srv_Http_AnswersTheHttpEndpointsHostAsTheTarget(bool tcp)
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("a", Reports.Create(tcp: "10.0.0.5:9001", http: "http://a.example.internal:8080"));

        var answer = await dns.Client(tcp).QueryAsync("_erp._http.locator.", QueryType.SRV).DefaultTimeout();

        var srv = Assert.Single(answer.Answers.SrvRecords());
        Assert.Equal(8080, srv.Port);
        Assert.Equal("a.example.internal.", srv.Target.Value);
        Assert.Empty(answer.Additionals.ARecords());
    }

    [Fact]
    public async Task Srv_ZoneLabel_PrefersTheClustersOfThatZone()
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("east", Reports.Create(zone: "east", tcp: "10.0.0.1:9001", sessions: 900));
        await dns.RegisterAsync("west", Reports.Create(zone: "west", tcp: "10.0.0.2:9001"));

        for (var i = 0; i < 3; i++)
        {
            var answer = await dns.Udp.QueryAsync("_erp._tcp.east.locator.", QueryType.SRV).DefaultTimeout();
            Assert.Equal("east.cluster.locator.", Assert.Single(answer.Answers.SrvRecords()).Target.Value);
        }

        var anywhere = await dns.Udp.QueryAsync("_erp._tcp.locator.", QueryType.SRV).DefaultTimeout();
        Assert.Equal("west.cluster.locator.", Assert.Single(anywhere.Answers.SrvRecords()).Target.Value);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_AnswersTheAddressOfThePreferredProtocol(bool tcp)
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("a", Reports.Create(tcp: "10.0.0.5:9001"));

        var answer = await dns.Client(tcp).QueryAsync("erp.locator.", QueryType.A).DefaultTimeout();

        Assert.Equal(IPAddress.Parse("10.0.0.5"), Assert.Single(answer.Answers.ARecords()).Address);
        Assert.Equal(1, dns.PlacedOn("a"));
    }

    [Fact]
    public async Task Aaaa_AnswersAnIpv6ClusterAndNothingUncountedForAnIpv4One()
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("v6", Reports.Create(service: "six", tcp: "[fd00::5]:9001"));
        await dns.RegisterAsync("v4", Reports.Create(service: "four", tcp: "10.0.0.5:9001"));

        var six = await dns.Udp.QueryAsync("six.locator.", QueryType.AAAA).DefaultTimeout();
        var four = await dns.Udp.QueryAsync("four.locator.", QueryType.AAAA).DefaultTimeout();

        Assert.Equal(IPAddress.Parse("fd00::5"), Assert.Single(six.Answers.AaaaRecords()).Address);
        Assert.Equal(1, dns.PlacedOn("v6"));
        Assert.False(four.HasError, four.ErrorMessage);
        Assert.Empty(four.Answers);
        Assert.Equal(0, dns.PlacedOn("v4"));
    }

    [Fact]
    public async Task A_ClusterName_AnswersItsAddressWithoutPlacing()
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("a.b", Reports.Create(tcp: "10.0.0.5:9001"));

        var answer = await dns.Tcp.QueryAsync("a.b.cluster.locator.", QueryType.A).DefaultTimeout();

        Assert.Equal(IPAddress.Parse("10.0.0.5"), Assert.Single(answer.Answers.ARecords()).Address);
        Assert.Equal(0, dns.PlacedOn("a.b"));
    }

    [Fact]
    public async Task Srv_ExpiredAndDrainingClusters_AreNeverAnswered()
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("expired", Reports.Create(tcp: "10.0.0.1:9001"));
        dns.Api.Time.Advance(new LocatorOptions().ReportInterval * 3 + TimeSpan.FromSeconds(1));
        await dns.RegisterAsync("draining", Reports.Create(tcp: "10.0.0.2:9001", state: ClusterStates.Draining));
        await dns.RegisterAsync("active", Reports.Create(tcp: "10.0.0.3:9001", sessions: 900));

        for (var i = 0; i < 5; i++)
        {
            var answer = await dns.Udp.QueryAsync("_erp._tcp.locator.", QueryType.SRV).DefaultTimeout();
            Assert.Equal("active.cluster.locator.", Assert.Single(answer.Answers.SrvRecords()).Target.Value);
        }
    }

    [Fact]
    public async Task Srv_NothingEligible_ServFailWithTheReasonOfTheHttp503()
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("a", Reports.Create(state: ClusterStates.Draining));

        var client = await dns.Udp.QueryAsync("_erp._tcp.locator.", QueryType.SRV).DefaultTimeout();
        var raw = await dns.ExchangeAsync(DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv));
        using var http = await dns.Api.SendAsync(HttpMethod.Get, "v1/locate?service=erp&protocol=tcp");
        var problem = await ApiLocator.ProblemOfAsync(http);

        Assert.Equal(DnsHeaderResponseCode.ServerFailure, client.Header.ResponseCode);
        Assert.Equal(ReturnCode.ServerFailure, raw!.ReturnCode);
        var (code, text) = DnsLocator.ExtendedError(raw);
        Assert.Equal(ExtendedDnsError.Other, code);
        Assert.Equal(problem.Detail, text);
        Assert.Contains("draining", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Srv_WarmingUp_ServFailNotReady()
    {
        await using var dns = await DnsLocator.StartAsync(options => options.WarmUp = TimeSpan.FromMinutes(1));
        await dns.RegisterAsync("a", Reports.Create());

        var raw = await dns.ExchangeAsync(DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv));

        Assert.Equal(ReturnCode.ServerFailure, raw!.ReturnCode);
        var (code, text) = DnsLocator.ExtendedError(raw);
        Assert.Equal(ExtendedDnsError.NotReady, code);
        Assert.StartsWith("The locator has just started and waits 60s (one lease)", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("_nope._tcp.locator.", "SRV")]
    [InlineData("nope.locator.", "A")]
    [InlineData("x.y.z.locator.", "A")]
    [InlineData("nope.cluster.locator.", "A")]
    [InlineData("_erp._udp.locator.", "SRV")]
    public async Task UnknownName_NxDomain(string name, string type)
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("a", Reports.Create());

        var answer = await dns.Udp.QueryAsync(name, Enum.Parse<QueryType>(type)).DefaultTimeout();

        Assert.Equal(DnsHeaderResponseCode.NotExistentDomain, answer.Header.ResponseCode);
    }

    [Fact]
    public async Task NameOutsideTheDomain_Refused_AndTheApexExists()
    {
        await using var dns = await DnsLocator.StartAsync(options => options.DnsDomain = "svc.example.internal.");
        await dns.RegisterAsync("a", Reports.Create());

        var outside = await dns.Udp.QueryAsync("_erp._tcp.locator.", QueryType.SRV).DefaultTimeout();
        var apex = await dns.Udp.QueryAsync("svc.example.internal.", QueryType.SOA).DefaultTimeout();
        var inside = await dns.Udp.QueryAsync("_erp._tcp.svc.example.internal.", QueryType.SRV).DefaultTimeout();

        Assert.Equal(DnsHeaderResponseCode.Refused, outside.Header.ResponseCode);
        Assert.Equal(DnsHeaderResponseCode.NoError, apex.Header.ResponseCode);
        Assert.Single(inside.Answers.SrvRecords());
    }

    [Fact]
    public async Task Ttl_IsTheConfiguredOne()
    {
        await using var dns = await DnsLocator.StartAsync(options => options.DnsTtl = TimeSpan.FromSeconds(5));
        await dns.RegisterAsync("a", Reports.Create());

        var answer = await dns.Udp.QueryAsync("_erp._tcp.locator.", QueryType.SRV).DefaultTimeout();

        Assert.Equal(5, Assert.Single(answer.Answers.SrvRecords()).TimeToLive);
    }
}

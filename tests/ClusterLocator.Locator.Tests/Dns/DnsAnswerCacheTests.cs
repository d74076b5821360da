using System.Net;
using ARSoft.Tools.Net.Dns;
using ClusterLocator.Locator.Dns;
using ClusterLocator.Protocol;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests.Dns;

/// <summary>
/// The UDP side's answers to locate questions asked before (<see cref="DnsAnswerCache"/>): the same
/// bytes as a fresh answer but for the id, every one decided and counted, and never an answer the
/// decision would not give now.
/// </summary>
public sealed class DnsAnswerCacheTests
{
    [Fact]
    public async Task AskedAgain_TheSameBytesAsTheFreshAnswer_WithTheQuerysId_AndCountedEachTime()
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("a", Reports.Create(tcp: "10.0.0.5:9001"));

        var fresh = await dns.ExchangeBytesAsync(DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv, id: 7));
        var cached = await dns.ExchangeBytesAsync(DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv, id: 0x1234));

        Assert.NotNull(fresh);
        Assert.NotNull(cached);
        Assert.Equal(1, dns.Listener.Udp!.Cache.Count);
        Assert.Equal([0x12, 0x34], cached[..2]);
        Assert.Equal(fresh[2..], cached[2..]);
        Assert.Equal(7, DnsMessage.Parse(fresh).TransactionID);
        Assert.Equal(2, dns.PlacedOn("a"));
    }

    [Fact]
    public async Task AskedAgain_AnotherCaseOrEdns_IsAnsweredAfresh()
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("a", Reports.Create(tcp: "10.0.0.5:9001"));

        var lower = DnsMessage.Parse((await dns.ExchangeBytesAsync(DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv)))!);
        var upper = DnsMessage.Parse((await dns.ExchangeBytesAsync(DnsLocator.Query("_erp._tcp.LOCATOR.", RecordType.Srv)))!);
        var classic = DnsMessage.Parse((await dns.ExchangeBytesAsync(DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv, edns: false)))!);

        Assert.Equal(3, dns.Listener.Udp!.Cache.Count);
        Assert.Equal("_erp._tcp.LOCATOR.", Assert.Single(upper.Questions).Name.ToString());
        Assert.True(lower.IsEDnsEnabled);
        Assert.False(classic.IsEDnsEnabled);
        Assert.All([lower, upper, classic], answer => Assert.Equal(9001, Assert.IsType<SrvRecord>(Assert.Single(answer.AnswerRecords)).Port));
        Assert.Equal(3, dns.PlacedOn("a"));
    }

    [Fact]
    public async Task AskedAgain_AfterTheClustersEndpointChanged_AnswersTheNewEndpoint()
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("a", Reports.Create(tcp: "10.0.0.5:9001"));
        var query = DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv);
        await dns.ExchangeBytesAsync(query);
        await dns.ExchangeBytesAsync(query);

        await dns.RegisterAsync("a", Reports.Create(tcp: "10.0.0.6:9002", seq: 2));
        var answer = DnsMessage.Parse((await dns.ExchangeBytesAsync(query))!);

        Assert.Equal(9002, Assert.IsType<SrvRecord>(Assert.Single(answer.AnswerRecords)).Port);
        Assert.Equal(IPAddress.Parse("10.0.0.6"), Assert.Single(answer.AdditionalRecords.OfType<ARecord>()).Address);
        Assert.Equal(1, dns.PlacedOn("a"));
    }

    [Fact]
    public async Task AskedAgain_AfterTheClusterDrainsOrExpires_AnswersAnotherOrServFail()
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("a", Reports.Create(tcp: "10.0.0.5:9001"));
        await dns.RegisterAsync("b", Reports.Create(tcp: "10.0.0.6:9002", sessions: 900));
        var query = DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv);
        Assert.Equal(9001, Port(await dns.ExchangeBytesAsync(query)));
        Assert.Equal(9001, Port(await dns.ExchangeBytesAsync(query)));

        await dns.RegisterAsync("a", Reports.Create(tcp: "10.0.0.5:9001", state: ClusterStates.Draining, seq: 2));
        Assert.Equal(9002, Port(await dns.ExchangeBytesAsync(query)));
        Assert.Equal(9002, Port(await dns.ExchangeBytesAsync(query)));

        dns.Api.Time.Advance(new LocatorOptions().ReportInterval * 3 + TimeSpan.FromSeconds(1));
        var answer = DnsMessage.Parse((await dns.ExchangeBytesAsync(query))!);
        Assert.NotEqual(ReturnCode.NoError, answer.ReturnCode);
        Assert.Empty(answer.AnswerRecords);
    }

    [Fact]
    public void Cache_IsBounded_AndKeysTheBytesAfterTheId()
    {
        var cache = new DnsAnswerCache();
        var name = default(DnsQueryName);
        for (var i = 0; i <= DnsAnswerCache.MaxQuestions; i++)
        {
            Assert.NotNull(cache.Add(DnsLocator.Query($"_s{i}._tcp.locator.", RecordType.Srv), name));
        }

        Assert.InRange(cache.Count, 1, DnsAnswerCache.MaxQuestions);
        var kept = cache.Add(DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv, id: 1), name);
        Assert.Same(kept, cache.Find(DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv, id: 2)));
        Assert.Null(cache.Find(DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv, edns: false, id: 1)));
        Assert.Null(cache.Add(new byte[DnsAnswerCache.MaxQueryBytes + 1], name));
    }

    private static int Port(byte[]? answer) =>
        Assert.IsType<SrvRecord>(Assert.Single(DnsMessage.Parse(Assert.IsType<byte[]>(answer)).AnswerRecords)).Port;
}

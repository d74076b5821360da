using System.Net.Sockets;
using ARSoft.Tools.Net.Dns;
using ClusterLocator.Locator.Dns;
using ClusterLocator.Testing;

namespace ClusterLocator.Locator.Tests.Dns;

/// <summary>The limits of the DNS interface: the per-client rate, malformed packets, TCP connections.</summary>
public sealed class DnsLimitsTests
{
    [Fact]
    public async Task Srv_PastTheClientRate_RefusedWithTheReason()
    {
        await using var dns = await DnsLocator.StartAsync(options => options.ClientRate = 2);
        await dns.RegisterAsync("a", Reports.Create());

        var answers = new List<DnsMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await dns.ExchangeAsync(DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv, id: (ushort)i)))!);
        }

        Assert.All(answers.Take(2), answer => Assert.Equal(ReturnCode.NoError, answer.ReturnCode));
        Assert.Equal(ReturnCode.Refused, answers[2].ReturnCode);
        Assert.Contains("locates a second from one client (--client-rate, LocatorOptions.ClientRate)", DnsLocator.ExtendedError(answers[2]).Text, StringComparison.Ordinal);
        Assert.Equal(2, dns.PlacedOn("a"));
    }

    [Fact]
    public async Task MalformedDatagram_DroppedWithoutAnAnswer_AndTheNextQueryAnswered()
    {
        await using var dns = await DnsLocator.StartAsync();
        await dns.RegisterAsync("a", Reports.Create());
        var cut = DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv)[..20];

        var none = await dns.ExchangeAsync(cut, TimeSpan.FromMilliseconds(500));
        var next = await dns.ExchangeAsync(DnsLocator.Query("_erp._tcp.locator.", RecordType.Srv));

        Assert.Null(none);
        Assert.Equal(ReturnCode.NoError, next!.ReturnCode);
        Assert.Equal(1, dns.Listener.Udp!.Dropped);
    }

    [Fact]
    public async Task Tcp_PastMaxConnections_TheNewConnectionIsClosed()
    {
        await using var dns = await DnsLocator.StartAsync(options => options.MaxConnections = 1);
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await first.ConnectAsync(dns.Listener.TcpEndPoint!).DefaultTimeout();
        while (dns.Listener.Tcp!.Open < 1)
        {
            await Task.Delay(10).DefaultTimeout();
        }

        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await second.ConnectAsync(dns.Listener.TcpEndPoint!).DefaultTimeout();
        var read = await second.ReceiveAsync(new byte[16], SocketFlags.None).DefaultTimeout();

        Assert.Equal(0, read);
        Assert.Equal(1, dns.Listener.Tcp.Refused);
    }

    [Fact]
    public async Task Tcp_IdlePastTheKeepAliveTimeout_IsClosed()
    {
        await using var dns = await DnsLocator.StartAsync(options => options.KeepAliveTimeout = TimeSpan.FromSeconds(1));
        using var idle = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await idle.ConnectAsync(dns.Listener.TcpEndPoint!).DefaultTimeout();

        var read = await idle.ReceiveAsync(new byte[16], SocketFlags.None).DefaultTimeout();

        Assert.Equal(0, read);
    }
}

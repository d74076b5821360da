using System.Net.Sockets;
using ClusterLocator.ProxyBench.Clients;
using ClusterLocator.ProxyBench.Members;

namespace ClusterLocator.ProxyBench;

/// <summary>
/// Member servers and load clients for bench/run-proxy.sh. A client prints one <c>key=value</c> line
/// on success; it exits 1 when a transfer fails or arrives wrong, 2 on a bad command line.
/// </summary>
internal static class Program
{
    private const string Usage = """
        usage:
          ClusterLocator.ProxyBench tcp-member --listen IP:PORT
          ClusterLocator.ProxyBench http-member --listen IP:PORT
          ClusterLocator.ProxyBench bulk --target IP:PORT [--direction up|down] [--bytes 2147483648] [--connections 4]
          ClusterLocator.ProxyBench ping-pong --target IP:PORT [--connections 32] [--size 64] [--warm-up 2] [--duration 10]
        """;

    public static async Task<int> Main(string[] args)
    {
        var arguments = BenchArguments.Parse(args);
        try
        {
            switch (arguments.Mode)
            {
                case "tcp-member":
                {
                    var listen = arguments.EndPoint("--listen");
                    if (!arguments.Check())
                    {
                        break;
                    }

                    TcpMemberServer.Run(listen!);
                    return 0;
                }

                case "http-member":
                {
                    var listen = arguments.EndPoint("--listen");
                    if (!arguments.Check())
                    {
                        break;
                    }

                    await HttpMemberServer.RunAsync(listen!);
                    return 0;
                }

                case "bulk":
                {
                    var target = arguments.EndPoint("--target");
                    var direction = arguments.Choice("--direction", BulkDirection.Up);
                    var bytes = arguments.Integer("--bytes", 2L << 30, 1, long.MaxValue);
                    var connections = (int)arguments.Integer("--connections", 4, 1, 1024);
                    if (!arguments.Check())
                    {
                        break;
                    }

                    Console.WriteLine(BulkClient.Run(target!, direction, bytes, connections));
                    return 0;
                }

                case "ping-pong":
                {
                    var target = arguments.EndPoint("--target");
                    var connections = (int)arguments.Integer("--connections", 32, 1, 1024);

                    // The ping carries the connection and a sequence number: 12 bytes at least.
                    var size = (int)arguments.Integer("--size", 64, 12, 1 << 20);
                    var warmUp = arguments.Seconds("--warm-up", 2, 0);
                    var duration = arguments.Seconds("--duration", 10, 0.1);
                    if (!arguments.Check())
                    {
                        break;
                    }

                    Console.WriteLine(PingPongClient.Run(target!, connections, size, warmUp, duration));
                    return 0;
                }

                default:
                    arguments.Errors.Insert(0, arguments.Mode.Length == 0 ? "No mode given." : $"'{arguments.Mode}' is not a mode.");
                    break;
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }

        foreach (var error in arguments.Errors)
        {
            await Console.Error.WriteLineAsync($"error: {error}");
        }

        await Console.Error.WriteLineAsync(Usage);
        return 2;
    }
}

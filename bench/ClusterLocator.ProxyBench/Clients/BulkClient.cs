using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ClusterLocator.ProxyBench.Wire;

namespace ClusterLocator.ProxyBench.Clients;

/// <summary>
/// Bulk throughput one way: a total split over several connections, each on its own thread with
/// blocking 64 KiB sends or receives. The clock runs from the moment every connection is ready to
/// the moment the last one has delivered its share (up: the member's count has come back; down: the
/// member's FIN has arrived), so it measures bytes delivered end to end, not bytes queued.
/// </summary>
internal static class BulkClient
{
    public static BulkResult Run(IPEndPoint target, BulkDirection direction, long totalBytes, int connections)
    {
        var mode = direction == BulkDirection.Up ? MemberProtocol.Sink : MemberProtocol.Source;
        var sockets = new Socket[connections];
        var shares = new long[connections];
        var delivered = new long[connections];
        var failures = new Exception?[connections];
        try
        {
            for (var i = 0; i < connections; i++)
            {
                sockets[i] = ConnectedSession.Open(target, mode);
                shares[i] = (totalBytes / connections) + (i < totalBytes % connections ? 1 : 0);
            }

            using var go = new ManualResetEventSlim();
            var threads = new Thread[connections];
            for (var i = 0; i < connections; i++)
            {
                var index = i;
                threads[i] = new Thread(() =>
                {
                    go.Wait();
                    try
                    {
                        delivered[index] = direction == BulkDirection.Up
                            ? Upload(sockets[index], shares[index])
                            : Download(sockets[index], shares[index]);
                    }
                    catch (Exception ex) when (ex is SocketException or IOException)
                    {
                        failures[index] = ex;
                    }
                })
                { Name = $"bulk {index}" };
                threads[i].Start();
            }

            var cpuBefore = Environment.CpuUsage.TotalTime;
            var start = Stopwatch.GetTimestamp();
            go.Set();
            foreach (var thread in threads)
            {
                thread.Join();
            }

            var elapsed = Stopwatch.GetElapsedTime(start);
            var cpu = Environment.CpuUsage.TotalTime - cpuBefore;

            if (failures.FirstOrDefault(f => f is not null) is { } failure)
            {
                throw new IOException($"A bulk connection failed: {failure.Message}", failure);
            }

            for (var i = 0; i < connections; i++)
            {
                if (delivered[i] != shares[i])
                {
                    throw new IOException($"Connection {i} delivered {delivered[i]} bytes of {shares[i]}.");
                }
            }

            return new BulkResult(direction, connections, totalBytes, elapsed, cpu);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket?.Dispose();
            }
        }
    }

    /// <summary>Sends <paramref name="bytes"/>, ends the side, and returns the count the member read.</summary>
    private static long Upload(Socket socket, long bytes)
    {
        var buffer = new byte[MemberProtocol.ChunkSize];
        Random.Shared.NextBytes(buffer);
        for (var remaining = bytes; remaining > 0;)
        {
            var chunk = (int)Math.Min(remaining, buffer.Length);
            SocketIo.SendAll(socket, buffer.AsSpan(0, chunk));
            remaining -= chunk;
        }

        socket.Shutdown(SocketShutdown.Send);
        return SocketIo.ReceiveInt64(socket) ?? -1;
    }

    /// <summary>Asks for <paramref name="bytes"/> and returns how many arrived before the member's FIN.</summary>
    private static long Download(Socket socket, long bytes)
    {
        SocketIo.SendInt64(socket, bytes);
        var received = SocketIo.Drain(socket, new byte[MemberProtocol.ChunkSize]);
        socket.Shutdown(SocketShutdown.Send);
        return received;
    }
}

using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ClusterLocator.ProxyBench.Wire;

namespace ClusterLocator.ProxyBench.Clients;

/// <summary>
/// Request/response rate: each connection, on its own thread, sends a small ping and waits for the
/// echo before the next, for a warm-up and then a measured window. A request counts in the window it
/// started in; its latency is from before the send to after the whole echo arrived.
/// </summary>
internal static class PingPongClient
{
    public static PingPongResult Run(IPEndPoint target, int connections, int size, TimeSpan warmUp, TimeSpan duration)
    {
        var sockets = new Socket[connections];
        var recorders = new LatencyRecorder[connections];
        var failures = new Exception?[connections];
        try
        {
            for (var i = 0; i < connections; i++)
            {
                sockets[i] = ConnectedSession.Open(target, MemberProtocol.Echo);
                recorders[i] = new LatencyRecorder();
            }

            var begin = Stopwatch.GetTimestamp();
            var measureFrom = begin + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
            var measureUntil = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var threads = new Thread[connections];
            for (var i = 0; i < connections; i++)
            {
                var index = i;
                threads[i] = new Thread(() =>
                {
                    try
                    {
                        PingPong(sockets[index], index, size, measureFrom, measureUntil, recorders[index]);
                    }
                    catch (Exception ex) when (ex is SocketException or IOException)
                    {
                        failures[index] = ex;
                    }
                })
                { Name = $"ping-pong {index}" };
                threads[i].Start();
            }

            Thread.Sleep(Stopwatch.GetElapsedTime(begin, measureFrom));
            var cpuBefore = Environment.CpuUsage.TotalTime;
            Thread.Sleep(Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), measureUntil));
            var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
            foreach (var thread in threads)
            {
                thread.Join();
            }

            if (failures.FirstOrDefault(f => f is not null) is { } failure)
            {
                throw new IOException($"A ping-pong connection failed: {failure.Message}", failure);
            }

            var latencies = LatencyRecorder.Merge(recorders);
            return new PingPongResult(
                connections,
                size,
                duration,
                latencies.Length,
                LatencyRecorder.Percentile(latencies, 50),
                LatencyRecorder.Percentile(latencies, 99),
                cpu);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket?.Dispose();
            }
        }
    }

    private static void PingPong(Socket socket, int connection, int size, long measureFrom, long measureUntil, LatencyRecorder recorder)
    {
        var ping = new byte[size];
        var pong = new byte[size];
        Random.Shared.NextBytes(ping);
        BinaryPrimitives.WriteInt32LittleEndian(ping, connection);
        for (long sequence = 0; ; sequence++)
        {
            var start = Stopwatch.GetTimestamp();
            if (start >= measureUntil)
            {
                break;
            }

            // A fresh sequence number in every ping, so an echo of an older one would not pass.
            BinaryPrimitives.WriteInt64LittleEndian(ping.AsSpan(sizeof(int)), sequence);
            SocketIo.SendAll(socket, ping);
            if (!SocketIo.ReceiveExactly(socket, pong))
            {
                throw new IOException($"Connection {connection} closed after {sequence} requests.");
            }

            var end = Stopwatch.GetTimestamp();
            if (!pong.AsSpan().SequenceEqual(ping))
            {
                throw new IOException($"Connection {connection}: the echo of request {sequence} differs from the request.");
            }

            if (start >= measureFrom)
            {
                recorder.Add(end - start);
            }
        }

        socket.Shutdown(SocketShutdown.Send);
    }
}

using System.CommandLine;
using System.Net.Sockets;
using ClusterLocator.Cli.Output;
using ClusterLocator.Client;
using ClusterLocator.Protocol;

namespace ClusterLocator.Cli.Commands;

/// <summary><c>clusterlocator connect</c>: a netcat through the locator, stdin/stdout piped to the chosen controller.</summary>
internal static class ConnectCommand
{
    public static Command Create(TextWriter error)
    {
        var locators = new LocatorFlags();
        var service = CliOptions.Service(required: true);
        service.Description = "The service to open a session with.";
        var zone = new Option<string>("--zone") { Description = "Your zone: clusters in it are preferred while one is eligible.", HelpName = "ZONE" };
        var key = new Option<string>("--key") { Description = "An affinity key: the same key goes to the same cluster while it stays eligible.", HelpName = "KEY" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Do not say on stderr which cluster the session was opened on." };

        var command = new Command("connect", """
            Open a TCP session with the service through the locator and pipe it to stdin/stdout,
            like netcat. A cluster that refuses is skipped for the next eligible one. When stdin
            ends the session is half-closed and the command exits once the controller closes it.
            Exits 3 when no cluster is eligible, 4 when no locator answers, 1 when every cluster
            tried refused; the reason goes to stderr.

            Examples:
              echo hello | clusterlocator connect --locator http://127.0.0.1:7400 --service echo
              clusterlocator connect --locator http://a:7400 --locator http://b:7400 --service erp < request.bin > reply.bin
            """)
        {
            service, zone, key, quiet,
        };
        locators.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var request = LocateRequest.Parse(parsed.GetValue(service), Protocols.Tcp, parsed.GetValue(zone), null, parsed.GetValue(key), out var errors);
            if (request is null)
            {
                return await UsageErrors.WriteAsync(error, "connect", errors);
            }

            var (created, clientErrors) = await locators.CreateClientAsync(parsed, cancellationToken);
            using var client = created;
            if (client is null)
            {
                return await UsageErrors.WriteAsync(error, "connect", clientErrors);
            }

            ClusterConnection connection;
            try
            {
                connection = await client.ConnectTcpAsync(
                    request.Service,
                    new LocateOptions { Zone = request.Zone, Key = request.Key },
                    cancellationToken);
            }
            catch (Exception ex) when (ex is NoEligibleClusterException or ClusterConnectException or LocatorUnavailableException or LocatorAccessDeniedException or ArgumentException)
            {
                // ArgumentException: a locator rejected a request this command found valid.
                await error.WriteLineAsync($"error: {LocatorFlags.Describe(ex)}");
                return ExitCodes.Of(ex);
            }

            await using (connection)
            {
                if (!parsed.GetValue(quiet))
                {
                    foreach (var failure in connection.FailedAttempts)
                    {
                        await error.WriteLineAsync($"skipped cluster {TerminalText.Clean(failure.ToString())}");
                    }

                    await error.WriteLineAsync(TerminalText.Clean($"connected to cluster {connection.Placement.ClusterId} at {connection.Placement.Address}"));
                }

                return await PipeAsync(connection, error, cancellationToken);
            }
        });
        return command;
    }

    private static async Task<int> PipeAsync(ClusterConnection connection, TextWriter error, CancellationToken cancellationToken)
    {
        await using var stdin = Console.OpenStandardInput();
        await using var stdout = Console.OpenStandardOutput();
        var session = connection.Stream;

        // The session ends when the controller closes it; stdin ending only half-closes it, so the
        // answer to what was sent still arrives (netcat's -N behaviour).
        var upstream = Task.Run(
            async () =>
            {
                await stdin.CopyToAsync(session, cancellationToken);
                connection.Socket?.Shutdown(SocketShutdown.Send);
            },
            cancellationToken);
        try
        {
            await session.CopyToAsync(stdout, cancellationToken);
            await stdout.FlushAsync(cancellationToken);
            if (upstream.IsFaulted)
            {
                await upstream;
            }

            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
        catch (IOException ex)
        {
            await error.WriteLineAsync($"error: {TerminalText.Clean($"the session with cluster {connection.Placement.ClusterId} broke: {ex.Message}")}");
            return ExitCodes.Failure;
        }
    }
}

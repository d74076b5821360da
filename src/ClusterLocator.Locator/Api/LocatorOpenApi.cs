using ClusterLocator.Protocol;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ClusterLocator.Locator.Api;

/// <summary>
/// The OpenAPI 3.1 document of the HTTP API v1, served at <see cref="FrameworkProblems.DocumentPath"/>,
/// built from what each endpoint says it reads and answers (<see cref="ApiDocumentation"/>), with the
/// protocol's JSON contexts for the schemas. The dashboard at <c>/</c> and <c>/metrics</c> are not
/// part of the API and are left out.
/// </summary>
internal static class LocatorOpenApi
{
    public const string DocumentName = "v1";

    private const string Code500 = "500";

    /// <summary>The routes the document leaves out, as the API explorer writes them (no leading slash).</summary>
    private static readonly HashSet<string> Excluded = [string.Empty, "metrics"];

    public static void Configure(OpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
        options.ShouldInclude = description => !Excluded.Contains(description.RelativePath ?? string.Empty);
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "ClusterLocator locator API",
                Version = "v1",
                Description = "Registration, load reports and the connection request of ClusterLocator (docs/protocol.md). "
                    + "Every error is an RFC 9457 problem (application/problem+json) with type, title, status and detail. "
                    + "Besides the answers listed for each operation, a route answers 405 (a problem, with Allow) to another method, "
                    + "and a path that is no route 404 (a problem).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            // The process's exception handler answers a failure of any operation.
            operation.Responses ??= [];
            operation.Responses.TryAdd(Code500, new OpenApiResponse
            {
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [Problem.ContentType] = new() { Schema = new OpenApiSchemaReference(nameof(Problem), context.Document) },
                },
            });
            foreach (var (status, response) in operation.Responses)
            {
                if (response is OpenApiResponse concrete && CommonProblems.TryGetValue(status, out var description))
                {
                    ApiDocumentation.DescribeProblem(concrete, description, [ProblemResponses.AboutBlank]);
                }
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>The problems any operation may answer, added by a convention rather than by each endpoint.</summary>
    private static readonly Dictionary<string, string> CommonProblems = new()
    {
        ["421"] = "Misdirected request: the locator listens on loopback only, and the Host is neither a loopback one nor one of its allowed hosts (DNS rebinding). Use http://127.0.0.1:PORT; do not retry the same URL.",
        [Code500] = "The locator failed while answering; the problem's traceId names the failure in the locator's log. Retry, or ask another locator.",
    };
}

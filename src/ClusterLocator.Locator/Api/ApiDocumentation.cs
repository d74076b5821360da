using System.Text.Json.Nodes;
using ClusterLocator.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;

namespace ClusterLocator.Locator.Api;

/// <summary>
/// What an endpoint of the API answers, as endpoint metadata the OpenAPI document is built from. The
/// handlers take the <see cref="HttpContext"/> and write their answers themselves (the locate one by
/// hand, for speed), so nothing can be inferred from their signatures: each says here what it reads
/// and what it answers, next to where it is mapped.
/// </summary>
internal static class ApiDocumentation
{
    public const string Json = "application/json";
    public const string Text = "text/plain";

    /// <summary>Names and describes the operation, and puts it in the document.</summary>
    public static IEndpointConventionBuilder Operation(this IEndpointConventionBuilder builder, string id, string tag, string summary, string description)
    {
        // The API explorer describes only endpoints that name their handler's method, which a
        // RequestDelegate's endpoint does not; mapping a Delegate instead would put the framework's
        // parameter binding in front of the handler.
        builder.Add(endpoint =>
        {
            if (endpoint.RequestDelegate is { } handler)
            {
                endpoint.Metadata.Add(handler.Method);
            }
        });
        return builder.WithName(id).WithTags(tag).WithSummary(summary).WithDescription(description);
    }

    /// <summary>A success answer of <paramref name="status"/>: a body of <typeparamref name="T"/> (from the protocol's JSON contexts), or none.</summary>
    public static IEndpointConventionBuilder Answers<T>(this IEndpointConventionBuilder builder, int status, string description) =>
        builder.Answers(status, typeof(T), Json, description);

    /// <summary>An answer of <paramref name="status"/> with a body of <paramref name="type"/> in <paramref name="contentType"/>, or without a body when <paramref name="type"/> is null.</summary>
    public static IEndpointConventionBuilder Answers(this IEndpointConventionBuilder builder, int status, Type? type, string? contentType, string description)
    {
        builder.WithMetadata(type is null
            ? new ProducesResponseTypeMetadata(status, typeof(void))
            : new ProducesResponseTypeMetadata(status, type, [contentType!]));
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(Code(status), out var response) == true && response is OpenApiResponse concrete)
            {
                concrete.Description = description;
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Another body <typeparamref name="T"/> that the answer of <paramref name="status"/> (already
    /// described by <see cref="Answers{T}"/>) may carry instead: the answer's schema becomes one of them.
    /// </summary>
    public static IEndpointConventionBuilder AlsoAnswers<T>(this IEndpointConventionBuilder builder, int status) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            if (operation.Responses?.TryGetValue(Code(status), out var response) == true
                && response.Content?.TryGetValue(Json, out var media) == true
                && media.Schema is { } first)
            {
                // A component of its own, as the schemas of the answers the framework describes are.
                var name = typeof(T).Name;
                if (context.Document is { } document && document.Components?.Schemas?.ContainsKey(name) != true)
                {
                    document.AddComponent(name, await context.GetOrCreateSchemaAsync(typeof(T), cancellationToken: cancellationToken));
                }

                media.Schema = new OpenApiSchema { OneOf = [first, new OpenApiSchemaReference(name, context.Document)] };
            }
        });

    /// <summary>
    /// A problem answer (<c>application/problem+json</c>) of <paramref name="status"/> whose
    /// <c>type</c> is one of <paramref name="types"/> (<c>about:blank</c> when none is named).
    /// </summary>
    public static IEndpointConventionBuilder Problem(this IEndpointConventionBuilder builder, int status, string description, params string[] types)
    {
        builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Problem), [Protocol.Problem.ContentType]));
        string[] named = types.Length == 0 ? [ProblemResponses.AboutBlank] : types;
        return builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(Code(status), out var response) == true && response is OpenApiResponse concrete)
            {
                DescribeProblem(concrete, description, named);
            }

            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Says which <c>type</c> values a problem answer carries: the problem schema, with <c>type</c>
    /// narrowed to them, so a client generated from the document can switch on them.
    /// </summary>
    public static void DescribeProblem(OpenApiResponse response, string description, IReadOnlyList<string> types)
    {
        response.Description = description;
        if (response.Content?.TryGetValue(Protocol.Problem.ContentType, out var media) != true || media!.Schema is not { } problem)
        {
            return;
        }

        var type = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. types.Select(t => (JsonNode)JsonValue.Create(t)!)] };
        media.Schema = new OpenApiSchema
        {
            AllOf = [problem, new OpenApiSchema { Properties = new Dictionary<string, IOpenApiSchema> { ["type"] = type } }],
        };
    }

    /// <summary>A query parameter.</summary>
    public static IEndpointConventionBuilder Query(this IEndpointConventionBuilder builder, string name, JsonSchemaType type, bool required, string description) =>
        builder.Parameter(name, ParameterLocation.Query, type, required, description);

    /// <summary>A parameter of the route's path: a string, always there.</summary>
    public static IEndpointConventionBuilder Path(this IEndpointConventionBuilder builder, string name, string description) =>
        builder.Parameter(name, ParameterLocation.Path, JsonSchemaType.String, required: true, description);

    private static IEndpointConventionBuilder Parameter(this IEndpointConventionBuilder builder, string name, ParameterLocation location, JsonSchemaType type, bool required, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = location,
                Required = required,
                Description = description,
                Schema = new OpenApiSchema { Type = type },
            });
            return Task.CompletedTask;
        });

    /// <summary>The request body: <typeparamref name="T"/> as JSON.</summary>
    public static IEndpointConventionBuilder Reads<T>(this IEndpointConventionBuilder builder) =>
        builder.WithMetadata(new AcceptsMetadata([Json], typeof(T)));

    private static string Code(int status) => status.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

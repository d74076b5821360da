namespace ClusterLocator.Locator.Api;

/// <summary>Why a request body could not be read, as the problem to answer.</summary>
internal sealed record JsonBodyProblem(int Status, string Title, string Detail)
{
    public Task WriteAsync(Microsoft.AspNetCore.Http.HttpContext context) => ProblemResponses.WriteAsync(context, Status, Title, Detail);
}

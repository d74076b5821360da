using System.Globalization;
using ClusterLocator.Protocol.Validation;
using Microsoft.AspNetCore.Http;

namespace ClusterLocator.Locator.Dashboard;

/// <summary>
/// What a dashboard stream is asked for: <c>service</c> (leave out for every service), <c>page</c>
/// (from 0) and <c>pageSize</c> (1 to <see cref="MaxPageSize"/>, default <see cref="DefaultPageSize"/>).
/// A page of clusters is all a stream sends, so 10 000 clusters cost a browser no more than 50.
/// </summary>
internal sealed record DashboardQuery(string? Service, int Page, int PageSize)
{
    public const int DefaultPageSize = 50;

    /// <summary>The most clusters a stream sends: each brings 15 minutes of samples in a full frame.</summary>
    public const int MaxPageSize = 200;

    /// <summary>The query of <paramref name="query"/>, or null with every problem in <paramref name="errors"/>.</summary>
    public static DashboardQuery? Parse(IQueryCollection query, List<string> errors)
    {
        string? service = query["service"];
        if (string.IsNullOrEmpty(service))
        {
            service = null;
        }
        else if (!Identifiers.IsValid(service))
        {
            errors.Add($"'service' is '{ReportValidator.Shorten(service)}': use {Identifiers.Rule}, or leave it out to show every service.");
        }

        var page = Number(query, "page", 0, 0, int.MaxValue, "a page number from 0", errors);
        var pageSize = Number(query, "pageSize", DefaultPageSize, 1, MaxPageSize, $"a number from 1 to {MaxPageSize} (default {DefaultPageSize})", errors);
        return errors.Count == 0 ? new DashboardQuery(service, page, pageSize) : null;
    }

    private static int Number(IQueryCollection query, string name, int fallback, int min, int max, string use, List<string> errors)
    {
        string? text = query[name];
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"'{name}' is '{ReportValidator.Shorten(text)}': use {use}.");
        return fallback;
    }
}

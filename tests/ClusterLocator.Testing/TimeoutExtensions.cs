using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ClusterLocator.Testing;

/// <summary>Every await in a test has a timeout: a hung test fails with a message instead of hanging CI.</summary>
public static class TimeoutExtensions
{
    /// <summary>The default timeout; longer under a debugger.</summary>
    public static TimeSpan DefaultTimeoutTimeSpan { get; } = Debugger.IsAttached ? TimeSpan.FromMinutes(10) : TimeSpan.FromSeconds(30);

    public static Task DefaultTimeout(this Task task, [CallerFilePath] string? file = null, [CallerLineNumber] int line = 0) =>
        task.TimeoutAfter(DefaultTimeoutTimeSpan, file, line);

    public static Task<T> DefaultTimeout<T>(this Task<T> task, [CallerFilePath] string? file = null, [CallerLineNumber] int line = 0) =>
        task.TimeoutAfter(DefaultTimeoutTimeSpan, file, line);

    public static Task DefaultTimeout(this ValueTask task, [CallerFilePath] string? file = null, [CallerLineNumber] int line = 0) =>
        task.AsTask().TimeoutAfter(DefaultTimeoutTimeSpan, file, line);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task, [CallerFilePath] string? file = null, [CallerLineNumber] int line = 0) =>
        task.AsTask().TimeoutAfter(DefaultTimeoutTimeSpan, file, line);

    public static async Task<T> TimeoutAfter<T>(this Task<T> task, TimeSpan timeout, string? file = null, int line = 0)
    {
        await ((Task)task).TimeoutAfter(timeout, file, line);
        return await task;
    }

    public static async Task TimeoutAfter(this Task task, TimeSpan timeout, string? file = null, int line = 0)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            var what = file is null ? "The operation" : $"The operation at {Path.GetFileName(file)}:{line}";
            throw new TimeoutException($"{what} did not complete within {timeout}.");
        }
    }
}

namespace Ideation.Scanner.Tests.Jobs;

/// <summary>Waits for the worker's asynchronous effects, failing after a generous bound (never a timing assertion).</summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(100);
        }
    }

    public static Task AssertAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        GetAsync<object>(async () => await condition() ? true : null, what, timeout);

    public static Task AssertAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        AssertAsync(() => Task.FromResult(condition()), what, timeout);
}

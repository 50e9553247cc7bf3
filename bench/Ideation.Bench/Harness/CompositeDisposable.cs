namespace Ideation.Bench.Harness;

/// <summary>Disposes several things at once, last first (core leases given back in reverse).</summary>
public sealed class CompositeDisposable(IEnumerable<IDisposable> items) : IDisposable
{
    private readonly List<IDisposable> _items = items.ToList();

    public void Dispose()
    {
        for (var index = _items.Count - 1; index >= 0; index--)
        {
            _items[index].Dispose();
        }
    }
}

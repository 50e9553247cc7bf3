using Ideation.Ideas.Domain;
using Ideation.Ideas.Persistence;
using Prometheus;

namespace Ideation.Ideas.Metrics;

/// <summary>
/// How ideas flow through the workflow: how many are created, which moves they make, and how long
/// they stay in each state. Recorded only after the change committed, so that a failed or retried
/// write never counts. States are the stored words (draft, submitted, under_review, ...).
/// </summary>
internal static class IdeaMetrics
{
    /// <summary>A minute (a quick withdrawal) to 90 days (a long review queue).</summary>
    private static readonly double[] TimeInStateBuckets =
        [60, 300, 900, 3600, 4 * 3600, 86400, 3 * 86400, 7 * 86400, 14 * 86400, 30 * 86400, 90 * 86400];

    private static readonly Counter Created = Prometheus.Metrics.CreateCounter(
        "ideas_created_total", "Ideas created (repeated create requests not counted again).");

    private static readonly Counter Transitions = Prometheus.Metrics.CreateCounter(
        "ideas_state_transitions_total", "Workflow moves of ideas, by the state left and the state entered.",
        new CounterConfiguration { LabelNames = ["from", "to"] });

    private static readonly Histogram TimeInState = Prometheus.Metrics.CreateHistogram(
        "ideas_time_in_state_seconds", "Time an idea spent in a state, observed when it leaves the state.",
        new HistogramConfiguration { LabelNames = ["state"], Buckets = TimeInStateBuckets });

    public static void IdeaCreated() => Created.Inc();

    /// <summary>An idea moved from <paramref name="from"/>, which it had entered at <paramref name="enteredFrom"/>, to <paramref name="to"/> at <paramref name="now"/>.</summary>
    public static void IdeaMoved(IdeaState from, IdeaState to, DateTime enteredFrom, DateTime now)
    {
        Transitions.WithLabels(Word(from), Word(to)).Inc();
        TimeInState.WithLabels(Word(from)).Observe(Math.Max(0, (now - enteredFrom).TotalSeconds));
    }

    private static string Word(IdeaState state) => (string)EnumColumns.State.ConvertToProvider(state)!;
}

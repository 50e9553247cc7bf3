using Ideation.Testing.Monitoring;

namespace Ideation.Deploy.Tests;

/// <summary>
/// The alert rules are valid, their promtool unit tests pass, every alert is shown both firing and
/// quiet, and every alert tells the on-call person what happened and where the runbook is.
/// </summary>
public sealed class AlertRuleTests
{
    private static readonly string[] Severities = ["page", "ticket", "info"];

    public static TheoryData<string> AlertNames() => [.. AlertNameList()];

    [Fact]
    public Task Rules_pass_promtool_check_rules() =>
        Promtool.AssertSucceedsAsync(["check", "rules", .. PrometheusRuleFile.Paths()]);

    [Fact]
    public Task Rules_pass_their_promtool_unit_tests() =>
        Promtool.AssertSucceedsAsync(["test", "rules", .. PromtoolTestFile.Paths()]);

    [Theory]
    [MemberData(nameof(AlertNames))]
    public void Alert_has_a_test_where_it_fires_and_one_where_it_stays_quiet(string alert)
    {
        var tests = PromtoolTestFile.AllAlertTests().Where(test => test.Test.Alertname == alert).ToList();

        Assert.True(tests.Any(test => test.Test.ExpAlerts.Count > 0), $"No promtool test case expects {alert} to fire.");
        Assert.True(tests.Any(test => test.Test.ExpAlerts.Count == 0), $"No promtool test case expects {alert} to stay quiet.");
    }

    /// <summary>promtool passes a "stays quiet" case for an alert that does not exist; such a case proves nothing.</summary>
    [Fact]
    public void Test_cases_name_only_alerts_that_exist()
    {
        var alerts = AlertNameList().ToHashSet(StringComparer.Ordinal);

        var unknown = PromtoolTestFile.AllAlertTests()
            .Where(test => !alerts.Contains(test.Test.Alertname))
            .Select(test => $"{test.Group}: {test.Test.Alertname}")
            .ToList();

        Assert.True(unknown.Count == 0, $"Test cases for alerts no rule defines:\n{string.Join('\n', unknown)}");
    }

    /// <summary>
    /// Alerts read recorded series. Prometheus evaluates groups on their own schedules (an alert may
    /// read a recorded value one evaluation old); promtool evaluates them in an arbitrary order unless
    /// told, which would make the tests' exact expectations pass or fail by chance.
    /// </summary>
    [Fact]
    public void Test_files_evaluate_every_rule_group_recording_rules_first()
    {
        var groups = PrometheusRuleFile.Paths().SelectMany(path => PrometheusRuleFile.Load(path).Groups).ToList();
        var all = groups.Select(group => group.Name).ToHashSet(StringComparer.Ordinal);
        var recording = groups.Where(group => group.Rules.All(rule => rule.Record is not null)).Select(group => group.Name).ToHashSet(StringComparer.Ordinal);

        foreach (var path in PromtoolTestFile.Paths())
        {
            var order = PromtoolTestFile.Load(path).GroupEvalOrder;
            Assert.True(order.Count == all.Count && all.SetEquals(order), $"{Path.GetFileName(path)}: group_eval_order must list each of {string.Join(", ", all)} once");
            var firstAlerting = order.FindIndex(name => !recording.Contains(name));
            Assert.True(firstAlerting < 0 || order.FindLastIndex(recording.Contains) < firstAlerting,
                $"{Path.GetFileName(path)}: group_eval_order lists recording groups before alert groups");
        }
    }

    [Theory]
    [MemberData(nameof(AlertNames))]
    public void Alert_has_a_severity_a_summary_a_description_and_a_runbook_section(string alert)
    {
        var anchors = Runbooks.SectionAnchors();
        foreach (var rule in PrometheusRuleFile.AllRules().Where(rule => rule.Alert == alert))
        {
            Assert.Contains(rule.Labels.GetValueOrDefault("severity"), Severities);
            Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("summary")), $"{alert} has no summary.");
            Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("description")), $"{alert} has no description.");

            var runbook = rule.Annotations.GetValueOrDefault("runbook_url") ?? "";
            Assert.Equal($"{Runbooks.Document}#{Runbooks.Anchor(alert)}", runbook);
            Assert.True(anchors.Contains(Runbooks.Anchor(alert)), $"{Runbooks.Document} has no section \"## {alert}\" for {runbook}.");
        }
    }

    [Fact]
    public void Every_runbook_section_belongs_to_an_alert()
    {
        var alerts = AlertNameList().Select(Runbooks.Anchor).ToHashSet(StringComparer.Ordinal);

        var orphans = Runbooks.SectionAnchors().Where(anchor => !alerts.Contains(anchor)).ToList();

        Assert.True(orphans.Count == 0, $"{Runbooks.Document} has sections for no alert: {string.Join(", ", orphans)}");
    }

    private static IReadOnlyList<string> AlertNameList() =>
        [.. PrometheusRuleFile.AllRules().Select(rule => rule.Alert).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
}

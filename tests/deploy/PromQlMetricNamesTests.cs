using Ideation.Testing.Monitoring;

namespace Ideation.Deploy.Tests;

public sealed class PromQlMetricNamesTests
{
    [Theory]
    [InlineData("up == 0", new[] { "up" })]
    [InlineData("sum by (component, le) (rate(http_request_duration_seconds_bucket{route!~\"/health|{x}\"}[5m]))", new[] { "http_request_duration_seconds_bucket" })]
    [InlineData("sum(rate(a_total[5m])) without (instance) / on (job) group_left (team) b_info", new[] { "a_total", "b_info" })]
    [InlineData("component:requests:rate5m > 0.05 and component:errors:rate5m >= 1e-2", new[] { "component:errors:rate5m", "component:requests:rate5m" })]
    [InlineData("x unless x offset 10m unless on () absent(up offset 1h30m)", new[] { "up", "x" })]
    [InlineData("rate(c_total{a=`raw}string`, b='it\\'s'}[$__rate_interval]) * 60", new[] { "c_total" })]
    [InlineData("histogram_quantile(0.95, m_bucket{component=~\"$component\"}) > bool 1 or vector(0)", new[] { "m_bucket" })]
    [InlineData("count_values(\"version\", build_info) # a comment naming not_a_metric", new[] { "build_info" })]
    [InlineData("label_replace(q, \"dst\", \"$1\", \"src\", \"(.*)\") > Inf", new[] { "q" })]
    public void Finds_the_metric_names_and_nothing_else(string expression, string[] expected)
    {
        Assert.Equal(expected.Order(StringComparer.Ordinal), PromQlMetricNames.In(expression).Order(StringComparer.Ordinal));
    }
}

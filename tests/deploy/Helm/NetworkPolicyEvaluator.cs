using System.Net;
using System.Text.Json.Nodes;

namespace Ideation.Deploy.Tests.Helm;

/// <summary>
/// Something that sends or receives a connection: a pod (namespace and labels) or a host outside the
/// cluster (no namespace), each with an address for ipBlock rules.
/// </summary>
public sealed record Endpoint(string Description, string? Namespace, IReadOnlyDictionary<string, string> Labels, IPAddress Address)
{
    public bool IsPod => Namespace is not null;

    public static Endpoint Pod(string description, string @namespace, IReadOnlyDictionary<string, string> labels, string address) =>
        new(description, @namespace, labels, IPAddress.Parse(address));

    public static Endpoint Host(string description, string address) =>
        new(description, null, new Dictionary<string, string>(), IPAddress.Parse(address));

    public override string ToString() => Description;
}

/// <summary>
/// Decides what rendered NetworkPolicies allow, by Kubernetes' rules: a pod selected by no policy of
/// a direction is open in that direction; a selected pod admits only what some rule of those
/// policies lists (peers by podSelector in the policy's namespace, namespaceSelector, both, or
/// ipBlock; ports by number and protocol). A connection needs the sender's egress and the
/// receiver's ingress. Named ports are not supported: the chart uses numbers.
/// </summary>
public sealed class NetworkPolicyEvaluator(string policyNamespace, IEnumerable<JsonObject> policies)
{
    private readonly List<JsonObject> policies = [.. policies];

    public bool Allows(Endpoint from, Endpoint to, int port, string protocol = "TCP") =>
        EgressAllows(from, to, port, protocol) && IngressAllows(from, to, port, protocol);

    /// <summary>Whether some policy selects the pod for the direction (Ingress or Egress).</summary>
    public bool Isolates(Endpoint pod, string direction) => Selecting(pod, direction).Any();

    private bool IngressAllows(Endpoint from, Endpoint to, int port, string protocol)
    {
        if (!to.IsPod)
        {
            return true; // outside the cluster: no policy of ours applies
        }

        var selecting = Selecting(to, "Ingress").ToList();
        return selecting.Count == 0 || selecting
            .SelectMany(policy => Rules(policy, "ingress"))
            .Any(rule => PeersMatch(rule, "from", from) && PortsMatch(rule, port, protocol));
    }

    private bool EgressAllows(Endpoint from, Endpoint to, int port, string protocol)
    {
        if (!from.IsPod)
        {
            return true;
        }

        var selecting = Selecting(from, "Egress").ToList();
        return selecting.Count == 0 || selecting
            .SelectMany(policy => Rules(policy, "egress"))
            .Any(rule => PeersMatch(rule, "to", to) && PortsMatch(rule, port, protocol));
    }

    private IEnumerable<JsonObject> Selecting(Endpoint pod, string direction) =>
        policies.Where(policy =>
            pod.Namespace == policyNamespace
            && Types(policy).Contains(direction)
            && SelectorMatches(policy["spec"]!["podSelector"] as JsonObject, pod.Labels));

    /// <summary>policyTypes, or what Kubernetes assumes without them: Ingress, plus Egress when egress rules exist.</summary>
    private static List<string> Types(JsonObject policy)
    {
        var spec = policy["spec"]!;
        if (spec["policyTypes"] is JsonArray types)
        {
            return [.. types.Select(type => (string)type!)];
        }

        return spec["egress"] is JsonArray ? ["Ingress", "Egress"] : ["Ingress"];
    }

    private static IEnumerable<JsonObject> Rules(JsonObject policy, string direction) =>
        (policy["spec"]![direction] as JsonArray ?? []).OfType<JsonObject>();

    /// <summary>A rule without peers admits every peer; otherwise one peer must match.</summary>
    private bool PeersMatch(JsonObject rule, string field, Endpoint peer)
    {
        if (rule[field] is not JsonArray peers || peers.Count == 0)
        {
            return true;
        }

        return peers.OfType<JsonObject>().Any(candidate => PeerMatches(candidate, peer));
    }

    private bool PeerMatches(JsonObject peer, Endpoint endpoint)
    {
        if (peer["ipBlock"] is JsonObject block)
        {
            var network = IPNetwork.Parse((string)block["cidr"]!);
            var excepted = (block["except"] as JsonArray ?? []).Any(except => IPNetwork.Parse((string)except!).Contains(endpoint.Address));
            return network.Contains(endpoint.Address) && !excepted;
        }

        if (!endpoint.IsPod)
        {
            return false; // selectors match pods only
        }

        var podSelector = peer["podSelector"] as JsonObject;
        if (peer["namespaceSelector"] is JsonObject namespaceSelector)
        {
            return SelectorMatches(namespaceSelector, NamespaceLabels(endpoint.Namespace!))
                && (podSelector is null || SelectorMatches(podSelector, endpoint.Labels));
        }

        // A podSelector alone means pods of the policy's own namespace.
        return endpoint.Namespace == policyNamespace && SelectorMatches(podSelector, endpoint.Labels);
    }

    /// <summary>Kubernetes labels every namespace with its name (kubernetes.io/metadata.name).</summary>
    private static Dictionary<string, string> NamespaceLabels(string name) => new() { ["kubernetes.io/metadata.name"] = name };

    private static bool PortsMatch(JsonObject rule, int port, string protocol)
    {
        if (rule["ports"] is not JsonArray ports || ports.Count == 0)
        {
            return true;
        }

        return ports.OfType<JsonObject>().Any(entry =>
        {
            if ((string?)entry["protocol"] is { } entryProtocol ? entryProtocol != protocol : protocol != "TCP")
            {
                return false;
            }

            return entry["port"] switch
            {
                null => true,
                JsonValue value when value.TryGetValue<long>(out var number) =>
                    entry["endPort"] is JsonValue end ? port >= number && port <= (long)end : port == number,
                var named => throw new NotSupportedException($"Named port {named} in a NetworkPolicy: the evaluator (and the chart) use numbers."),
            };
        });
    }

    /// <summary>A label selector: every matchLabels pair and every matchExpression holds; an empty selector matches all.</summary>
    private static bool SelectorMatches(JsonObject? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return true;
        }

        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
        {
            if (!labels.TryGetValue(key, out var actual) || actual != (string?)value)
            {
                return false;
            }
        }

        foreach (var expression in (selector["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = (string)expression["key"]!;
            var values = (expression["values"] as JsonArray ?? []).Select(value => (string?)value).ToList();
            var has = labels.TryGetValue(key, out var actual);
            var holds = (string)expression["operator"]! switch
            {
                "In" => has && values.Contains(actual),
                "NotIn" => !has || !values.Contains(actual),
                "Exists" => has,
                "DoesNotExist" => !has,
                var unknown => throw new NotSupportedException($"Selector operator {unknown}"),
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}

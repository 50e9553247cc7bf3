namespace Ideation.Bench.Proxy;

/// <summary>
/// Ports of the processes the proxy scenario starts itself: a range of their own, away from any local
/// stack (IDEATION_PORT_OFFSET moves those by hundreds below 1000), so both can run at once.
/// </summary>
internal static class ProxyPorts
{
    public const int Backend = 58001;
    public const int BackendManagement = 58002;
    public const int Gateway = 58010;
    public const int GatewayManagement = 58011;
    public const int Nginx = 58020;
    public const int Haproxy = 58030;
    public const int Transcoding = 58040;
    public const int TranscodingManagement = 58041;
}

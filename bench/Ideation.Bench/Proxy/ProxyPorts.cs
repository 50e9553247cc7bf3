namespace Ideation.Bench.Proxy;

/// <summary>
/// Ports of the processes the proxy scenario starts itself: a range of their own, away from any local
/// stack's (IDEATION_PORT_OFFSET moves those by hundreds below 1000) and the tests' (20000-32767), so
/// all can run at once; and below Linux's ephemeral range (32768-60999), where a connection of an
/// earlier run, still in TIME-WAIT, could hold one of them.
/// </summary>
internal static class ProxyPorts
{
    public const int Backend = 19001;
    public const int BackendManagement = 19002;
    public const int Gateway = 19010;
    public const int GatewayManagement = 19011;
    public const int Nginx = 19020;
    public const int Haproxy = 19030;
    public const int Transcoding = 19040;
    public const int TranscodingManagement = 19041;
}

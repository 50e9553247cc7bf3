namespace Ideation.Gateway.Tests.EndToEnd;

public sealed class GatewayStartupTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("only-31-bytes-long-not-enough!!")]
    public void Outside_development_startup_fails_without_a_signing_key_of_32_bytes(string? signingKey)
    {
        string[] args =
        [
            "--environment=Production",
            "--Auth:Issuer=https://identity.example.com",
            "--Auth:Audience=ideation-api",
            .. signingKey is null ? Array.Empty<string>() : [$"--Auth:SigningKey={signingKey}"],
        ];

        var error = Assert.Throws<InvalidOperationException>(() => GatewayHost.Create(args));

        Assert.Contains("Auth:SigningKey", error.Message, StringComparison.Ordinal);
    }
}

namespace Ideation.Gateway.Tests.EndToEnd;

/// <summary>End-to-end tests share one running platform; each test uses its own users and data.</summary>
[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}

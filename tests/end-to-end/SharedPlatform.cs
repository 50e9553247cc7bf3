using Xunit;

namespace Ideation.EndToEnd.Tests;

/// <summary>
/// One platform for the test classes that leave it healthy. Classes that kill a part of it use a
/// platform of their own (IClassFixture) instead.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedPlatform : ICollectionFixture<Platform>
{
    public const string Name = "shared platform";
}

using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Testing;

namespace Ideation.Documents.Tests.Functional;

/// <summary>The documents service with an ideas address nobody listens on: every permission check fails.</summary>
public sealed class UnreachableIdeasFixture : DocumentsServiceFixture
{
    protected override IEnumerable<KeyValuePair<string, string>> ExtraSettings() =>
        [new("Documents:Ideas:Address", $"http://127.0.0.1:{FreePort.Next()}")];
}

public sealed class IdeasOutageTests(UnreachableIdeasFixture service) : IClassFixture<UnreachableIdeasFixture>
{
    [Fact]
    public async Task Without_the_ideas_service_calls_are_unavailable_not_denied()
    {
        var user = TestUser.Submitter();
        var idea = $"ideas/{Guid.NewGuid():D}";

        var list = await Scenario.FailsWith(StatusCode.Unavailable,
            service.Documents(user).ListDocumentsAsync(new ListDocumentsRequest { Parent = idea }));
        var upload = await Scenario.FailsWith(StatusCode.Unavailable, service.Documents(user).UploadAsync(idea, "a.pdf", Samples.Pdf()));

        Assert.Equal("IDEAS_UNAVAILABLE", list.Reason());
        Assert.Equal("IDEAS_UNAVAILABLE", upload.Reason());
    }
}

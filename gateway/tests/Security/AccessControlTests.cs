using Grpc.Core;
using Ideation.Contracts.Documents.V1;
using Ideation.Contracts.Ideas.V1;
using Ideation.Gateway.Tests.EndToEnd;
using Ideation.Testing;

namespace Ideation.Gateway.Tests.Security;

/// <summary>
/// Who may read and change what, through the gateway on both surfaces (REST and native gRPC), with
/// the data compared before and after every refusal: invisible resources answer exactly as missing
/// ones (NOT_FOUND), visible ones the caller may not change answer PERMISSION_DENIED, and names of
/// the wrong shape INVALID_ARGUMENT; none of them changes anything.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AccessControlTests(PlatformFixture platform)
{
    [Fact]
    public async Task Another_users_draft_answers_every_method_exactly_as_a_missing_idea_and_changes_nothing()
    {
        var victim = await Victim.CreateAsync(platform);
        var phantomIdea = $"ideas/{Guid.NewGuid():D}";
        var phantom = new Victim(victim.Author, phantomIdea, $"{phantomIdea}/documents/{Guid.NewGuid():D}");
        var before = await victim.ReadAsync(platform);

        foreach (var other in new[] { TestUser.Submitter("stranger"), TestUser.Reviewer(), TestUser.WithRoles("both", "submitter", "reviewer") })
        {
            var hidden = await RunAsync(other, Attempt.Everything(victim));
            var missing = await RunAsync(other, Attempt.Everything(phantom));

            AssertAll(hidden, 404, StatusCode.NotFound, "IDEA_NOT_FOUND");
            // Nothing in any answer (status, reason, message, details) tells the draft exists.
            Assert.Equal(
                missing.Select(answer => answer with { Call = Anonymise(answer.Call, phantom), Text = Anonymise(answer.Text, phantom) }),
                hidden.Select(answer => answer with { Call = Anonymise(answer.Call, victim), Text = Anonymise(answer.Text, victim) }));
        }

        Assert.Equal(before, await victim.ReadAsync(platform));
    }

    [Fact]
    public async Task Reviewer_actions_by_submitters_are_permission_denied_and_change_nothing()
    {
        var victim = await Victim.CreateAsync(platform, submit: true);
        var before = await victim.ReadAsync(platform);

        foreach (var submitter in new[] { victim.Author, TestUser.Submitter("other-submitter") })
        {
            AssertAll(await RunAsync(submitter, Attempt.ReviewerActions(victim.Idea)), 403, StatusCode.PermissionDenied, "REVIEWER_ROLE_REQUIRED");
        }

        Assert.Equal(before, await victim.ReadAsync(platform));
    }

    [Fact]
    public async Task Admin_and_author_actions_by_a_reviewer_are_permission_denied_and_change_nothing()
    {
        var victim = await Victim.CreateAsync(platform, submit: true);
        var reviewer = TestUser.Reviewer();
        var before = await victim.ReadAsync(platform);

        AssertAll(await RunAsync(reviewer, Attempt.AdminDocumentActions(victim.Document)), 403, StatusCode.PermissionDenied, "ADMIN_ROLE_REQUIRED");
        // Deleting another's submitted idea is for admins only; the other changes are the author's.
        AssertAll(await RunAsync(reviewer, [.. Attempt.AuthorActions(victim.Idea), Attempt.DeleteDocument(victim.Document)]),
            403, StatusCode.PermissionDenied, "AUTHOR_ONLY");

        Assert.Equal(before, await victim.ReadAsync(platform));
    }

    [Fact]
    public async Task A_document_named_under_another_idea_is_not_found_even_for_its_author_and_admins()
    {
        var first = await Victim.CreateAsync(platform, submit: true);
        var second = await Victim.CreateAsync(platform, submit: true, author: first.Author);
        // The second idea's document, named under the first idea: both visible, but not each other's.
        var mismatched = $"{first.Idea}/documents/{second.DocumentId:D}";
        var before = await PlatformData.ReadAsync(platform, [first.IdeaId, second.IdeaId], [first.DocumentId, second.DocumentId]);

        AssertAll(await RunAsync(first.Author, [.. Attempt.DocumentReads(mismatched), Attempt.DeleteDocument(mismatched)]),
            404, StatusCode.NotFound, "DOCUMENT_NOT_FOUND");
        AssertAll(await RunAsync(TestUser.Admin(), [.. Attempt.DocumentReads(mismatched), Attempt.DeleteDocument(mismatched), .. Attempt.AdminDocumentActions(mismatched)]),
            404, StatusCode.NotFound, "DOCUMENT_NOT_FOUND");

        Assert.Equal(before, await PlatformData.ReadAsync(platform, [first.IdeaId, second.IdeaId], [first.DocumentId, second.DocumentId]));
    }

    [Fact]
    public async Task A_deleted_ideas_documents_are_not_found_for_anyone_and_change_nothing()
    {
        var victim = await Victim.CreateAsync(platform);
        using (var author = platform.RestClient(victim.Author.Token))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, (await author.DeleteAsync($"/v1/{victim.Idea}")).StatusCode);
        }

        // The document's row may outlive the idea until documents hears of the deletion; it must be
        // unreachable from the moment the idea is gone.
        var before = await victim.ReadAsync(platform);
        foreach (var user in new[] { victim.Author, TestUser.Admin() })
        {
            AssertAll(await RunAsync(user, [.. Attempt.IdeaReads(victim.Idea), .. Attempt.DocumentReads(victim.Document), Attempt.DeleteDocument(victim.Document),
                .. Attempt.AdminDocumentActions(victim.Document)]), 404, StatusCode.NotFound, "IDEA_NOT_FOUND");
        }

        Assert.Equal(before, await victim.ReadAsync(platform));
    }

    [Fact]
    public async Task Names_of_the_wrong_shape_are_invalid_arguments_never_server_errors()
    {
        var victim = await Victim.CreateAsync(platform);
        var before = await victim.ReadAsync(platform);
        var id = victim.IdeaId.ToString("D");
        var document = victim.DocumentId.ToString("D");
        // Each reaches its method (the REST routes match ideas/* and ideas/*/documents/*) with an id
        // that cannot name anything.
        string[] ideaNames = ["ideas/not-a-uuid", $"ideas/{{{id}}}", $"ideas/{id}0", $"ideas/{id[..^1]}", $"ideas/{new string('a', 2000)}"];
        string[] documentNames = [$"ideas/{id}/documents/not-a-uuid", $"ideas/not-a-uuid/documents/{document}", $"ideas/{id}/documents/{document}0", $"ideas/{id}/documents/{id[..^1]}"];
        var attempts = ideaNames.SelectMany(name => (Attempt[])[.. Attempt.IdeaReads(name), .. Attempt.AuthorActions(name), .. Attempt.ReviewerActions(name)])
            .Concat(documentNames.SelectMany(name => (Attempt[])[.. Attempt.DocumentReads(name), Attempt.DeleteDocument(name), .. Attempt.AdminDocumentActions(name)]))
            .ToArray();

        AssertAll(await RunAsync(TestUser.Admin(), attempts), 400, StatusCode.InvalidArgument, "INVALID_ARGUMENT");

        Assert.Equal(before, await victim.ReadAsync(platform));
    }

    [Fact]
    public async Task Listing_and_search_never_show_another_users_draft_on_either_surface()
    {
        var victim = await Victim.CreateAsync(platform);
        var word = $"w{Guid.NewGuid():N}"[..12];
        using (var author = platform.RestClient(victim.Author.Token))
        {
            var renamed = await author.PatchAsync($"/v1/{victim.Idea}?updateMask=title,tags",
                new StringContent($$"""{"title":"Secret {{word}} plan","tags":["{{word}}"]}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.OK, renamed.StatusCode);
            // The control: the same queries do find the draft for its author.
            var own = await author.GetStringAsync($"/v1/ideas?query={word}");
            Assert.Contains(victim.Idea, own, StringComparison.Ordinal);
        }

        foreach (var other in new[] { TestUser.Submitter("lister"), TestUser.Reviewer("lister") })
        {
            using var rest = platform.RestClient(other.Token);
            foreach (var query in new[] { $"query={word}", $"tag={word}", $"author={victim.Author.Id}", $"query={word}&orderBy=relevance", "state=STATE_DRAFT&pageSize=100" })
            {
                var listed = await rest.GetStringAsync($"/v1/ideas?{query}");
                Assert.DoesNotContain(victim.IdeaId.ToString("D"), listed, StringComparison.Ordinal);
            }

            using var similar = await rest.PostAsync("/v1/ideas:findSimilar",
                new StringContent($$"""{"title":"Secret {{word}} plan"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.DoesNotContain(victim.IdeaId.ToString("D"), await similar.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var channel = platform.GrpcChannel();
            var ideas = new IdeaService.IdeaServiceClient(channel);
            var headers = new Metadata { { "authorization", $"Bearer {other.Token}" } };
            var page = await ideas.ListIdeasAsync(new ListIdeasRequest { Query = word }, headers);
            Assert.Empty(page.Ideas);
            var byAuthor = await ideas.ListIdeasAsync(new ListIdeasRequest { Author = victim.Author.Id }, headers);
            Assert.Empty(byAuthor.Ideas);
        }
    }

    [Fact]
    public async Task Only_the_scanners_identity_records_verdicts_no_user_not_even_an_admin()
    {
        var victim = await Victim.CreateAsync(platform);
        var before = await victim.ReadAsync(platform);
        using var documents = TestChannels.ForAddress(platform.DocumentsAddress);
        using var gateway = platform.GrpcChannel();

        foreach (var user in new[] { TestUser.Admin(), TestUser.Reviewer(), victim.Author })
        {
            var direct = await Surfaces.RecordCleanVerdictAsync(documents, user.Token, victim);
            Assert.True(direct is { Code: (int)StatusCode.PermissionDenied, Reason: "ROLE_REQUIRED" }, $"{direct}");
            var routed = await Surfaces.RecordCleanVerdictAsync(gateway, user.Token, victim);
            Assert.True(routed is { Code: (int)StatusCode.Unimplemented, Reason: "NOT_ROUTED" }, $"{routed}");
        }

        Assert.Equal(before, await victim.ReadAsync(platform));
        Assert.Equal("SCAN_STATE_PENDING", await ScanStateAsync(victim));
    }

    private async Task<string> ScanStateAsync(Victim victim)
    {
        using var client = platform.RestClient(victim.Author.Token);
        return System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync($"/v1/{victim.Document}"))!["scanState"]!.GetValue<string>();
    }

    /// <summary>Each attempt as <paramref name="user"/>, over REST and over native gRPC, both through the gateway.</summary>
    private async Task<List<Surfaces.Answer>> RunAsync(TestUser user, IEnumerable<Attempt> attempts)
    {
        using var rest = platform.RestClient(user.Token);
        using var channel = platform.GrpcChannel();
        var clients = new Attempt.Clients(new IdeaService.IdeaServiceClient(channel), new DocumentService.DocumentServiceClient(channel));
        var headers = new Metadata { { "authorization", $"Bearer {user.Token}" } };
        var answers = new List<Surfaces.Answer>();
        foreach (var attempt in attempts)
        {
            using var request = new HttpRequestMessage(new HttpMethod(attempt.Method), attempt.Path) { Content = attempt.Body() };
            using var response = await rest.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            answers.Add(new Surfaces.Answer($"REST {attempt.Name} {attempt.Method} {attempt.Path}", (int)response.StatusCode, Surfaces.RestReason(text, response), text));
            var grpc = await Surfaces.GrpcAnswerAsync($"gRPC {attempt.Name} {attempt.Path}", () => attempt.Grpc(clients, headers));
            answers.Add(grpc);
        }

        return answers;
    }

    /// <summary>Every answer is <paramref name="http"/> (REST) or <paramref name="code"/> (gRPC), with the reason when one is given.</summary>
    private static void AssertAll(List<Surfaces.Answer> answers, int http, StatusCode code, string? reason)
    {
        var wrong = answers
            .Where(answer => answer.Code != (answer.Call.StartsWith("REST", StringComparison.Ordinal) ? http : (int)code)
                || (reason is not null && answer.Reason != reason))
            .Select(answer => $"  {answer.Call}: {answer.Code} {answer.Reason} {answer.Text[..Math.Min(answer.Text.Length, 300)]}")
            .ToList();
        Assert.True(wrong.Count == 0, $"Expected {http} / {code} {reason} from every call, but:\n" + string.Join("\n", wrong));
    }

    private static string Anonymise(string text, Victim victim) =>
        text.Replace(victim.Document, "{document}", StringComparison.Ordinal).Replace(victim.Idea, "{idea}", StringComparison.Ordinal)
            .Replace(victim.DocumentId.ToString("D"), "{document-id}", StringComparison.Ordinal).Replace(victim.IdeaId.ToString("D"), "{idea-id}", StringComparison.Ordinal);
}

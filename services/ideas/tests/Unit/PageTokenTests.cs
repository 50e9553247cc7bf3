using Ideation.Ideas.Paging;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;
using Ideation.ServiceDefaults.Paging;

namespace Ideation.Ideas.Tests.Unit;

public sealed class PageTokenTests
{
    private static readonly PageTokenProtector Protector = new("a-test-secret-of-enough-length-0123456789"u8.ToArray(), "ideation.ideas.page-token.v1");
    private static readonly byte[] Scope = ListingScope.Hash("ideas", "alice", "state=submitted");

    [Fact]
    public void A_cursor_survives_the_round_trip()
    {
        var cursor = new IdeaCursor(IdeaCursor.ToSortKey(new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc).AddTicks(1230)), Guid.NewGuid());
        var violations = new FieldViolations();

        var read = IdeaCursor.Read(cursor.ToToken(Protector, Scope), Protector, Scope, "page_token", violations);

        Assert.True(violations.IsEmpty);
        Assert.Equal(cursor, read);
        Assert.Equal(new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc).AddTicks(1230), read!.Value.SortKeyAsTime);
    }

    [Fact]
    public void Ranks_travel_bit_for_bit()
    {
        var rank = 0.0607927f;
        var cursor = new IdeaCursor(IdeaCursor.ToSortKey(rank), Guid.NewGuid());
        Assert.Equal(rank, IdeaCursor.Read(cursor.ToToken(Protector, Scope), Protector, Scope, "page_token", new FieldViolations())!.Value.SortKeyAsRank);
    }

    [Fact]
    public void Every_altered_character_makes_the_token_invalid()
    {
        var token = new IdeaCursor(42, Guid.NewGuid()).ToToken(Protector, Scope);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (var index = 0; index < token.Length; index++)
        {
            var replacement = alphabet[(alphabet.IndexOf(token[index]) + 1) % alphabet.Length];
            var altered = string.Concat(token.AsSpan(0, index), replacement.ToString(), token.AsSpan(index + 1));
            var violations = new FieldViolations();

            Assert.Null(IdeaCursor.Read(altered, Protector, Scope, "page_token", violations));
            Assert.Equal("page_token", Assert.Single(violations.All).Field);
        }
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("!!!!")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void Malformed_tokens_are_refused(string token)
    {
        var violations = new FieldViolations();
        Assert.Null(IdeaCursor.Read(token, Protector, Scope, "page_token", violations));
        Assert.False(violations.IsEmpty);
    }

    [Fact]
    public void Tokens_from_another_key_are_refused()
    {
        var other = new PageTokenProtector("another-secret-of-enough-length-987654321"u8.ToArray(), "ideation.ideas.page-token.v1");
        var violations = new FieldViolations();
        Assert.Null(IdeaCursor.Read(new IdeaCursor(1, Guid.NewGuid()).ToToken(other, Scope), Protector, Scope, "page_token", violations));
        Assert.False(violations.IsEmpty);
    }

    [Fact]
    public void A_token_is_valid_only_for_its_listing()
    {
        var token = new IdeaCursor(1, Guid.NewGuid()).ToToken(Protector, Scope);
        var violations = new FieldViolations();

        Assert.Null(IdeaCursor.Read(token, Protector, ListingScope.Hash("ideas", "alice", "state=approved"), "page_token", violations));
        Assert.Contains("other filters or order", Assert.Single(violations.All).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Scope_hashes_keep_their_parts_apart()
    {
        Assert.NotEqual(ListingScope.Hash("ab", "c"), ListingScope.Hash("a", "bc"));
        Assert.Equal(ListingScope.Hash("a", "b"), ListingScope.Hash("a", "b"));
    }

    [Fact]
    public void Event_tokens_belong_to_one_idea()
    {
        var idea = Guid.NewGuid();
        var token = new EventCursor(idea, 7).ToToken(Protector);
        Assert.Equal(7, EventCursor.Read(token, Protector, idea, "page_token", new FieldViolations())!.Value.Sequence);

        var violations = new FieldViolations();
        Assert.Null(EventCursor.Read(token, Protector, Guid.NewGuid(), "page_token", violations));
        Assert.False(violations.IsEmpty);
    }
}

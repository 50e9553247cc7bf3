using Ideation.Ideas.Domain;
using Ideation.Ideas.Validation;
using Ideation.ServiceDefaults.Errors;

namespace Ideation.Ideas.Tests.Unit;

public sealed class IdeaValidatorTests
{
    private static readonly IdeaValidator Validator = new(["product", "process", "other"]);

    private static (IdeaContent Content, FieldViolations Violations) Validate(
        string title = "A title", string description = "", string category = "process", string[]? tags = null,
        ContentFields fields = ContentFields.All)
    {
        var violations = new FieldViolations();
        var content = Validator.Validate(new IdeaContent(title, description, category, tags ?? []), fields, violations);
        return (content, violations);
    }

    private static string[] Fields(FieldViolations violations) => violations.All.Select(v => v.Field).ToArray();

    [Fact]
    public void Valid_content_passes_and_the_title_is_trimmed()
    {
        var (content, violations) = Validate(title: "  Bike racks \t");
        Assert.True(violations.IsEmpty);
        Assert.Equal("Bike racks", content.Title);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u00a0\t\n")]
    public void A_title_that_is_empty_after_trimming_is_refused(string title)
    {
        var (_, violations) = Validate(title: title);
        Assert.Equal(["idea.title"], Fields(violations));
        Assert.Contains("1 to 200", violations.All[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Titles_are_measured_in_code_points_not_utf16_units()
    {
        // 200 emoji are 400 UTF-16 units: still 200 characters.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F4A1", 200));
        Assert.Equal(400, emoji.Length);
        Assert.True(Validate(title: emoji).Violations.IsEmpty);

        var (_, violations) = Validate(title: emoji + "\U0001F4A1");
        Assert.Equal(["idea.title"], Fields(violations));
        Assert.Contains("it has 201", violations.All[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptions_allow_20000_code_points()
    {
        var astral = string.Concat(Enumerable.Repeat("\U00020000", 20_000));
        Assert.True(Validate(description: astral).Violations.IsEmpty);
        Assert.Equal(["idea.description"], Fields(Validate(description: astral + "x").Violations));
    }

    [Theory]
    [InlineData("")]
    [InlineData("nonsense")]
    [InlineData("Process")]
    public void The_category_must_be_a_configured_one(string category)
    {
        var (_, violations) = Validate(category: category);
        Assert.Equal(["idea.category"], Fields(violations));
        Assert.Contains("product, process, other", violations.All[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Tags_are_trimmed_lowercased_and_deduplicated_in_first_seen_order()
    {
        var (content, violations) = Validate(tags: [" Green ", "travel", "GREEN", "x-1", "travel"]);
        Assert.True(violations.IsEmpty);
        Assert.Equal(["green", "travel", "x-1"], content.Tags);
    }

    [Fact]
    public void Every_bad_tag_is_named_by_its_index()
    {
        var (_, violations) = Validate(tags: ["ok", "not a slug", "", "under_score", new string('a', 33), "caf\u00e9", new string('b', 32)]);
        Assert.Equal(["idea.tags[1]", "idea.tags[2]", "idea.tags[3]", "idea.tags[4]", "idea.tags[5]"], Fields(violations));
    }

    [Fact]
    public void At_most_ten_distinct_tags_counting_after_normalisation()
    {
        var ten = Enumerable.Range(1, 10).Select(i => $"t{i}").ToArray();
        Assert.True(Validate(tags: [.. ten, "T1", " t2 "]).Violations.IsEmpty);

        var (_, violations) = Validate(tags: [.. ten, "t11"]);
        Assert.Equal(["idea.tags"], Fields(violations));
        Assert.Contains("at most 10", violations.All[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_invalid_field_is_reported_at_once()
    {
        var (_, violations) = Validate(title: "", description: new string('d', 20_001), category: "nope", tags: ["ok", "bad tag"]);
        Assert.Equal(["idea.title", "idea.description", "idea.category", "idea.tags[1]"], Fields(violations));
        var error = violations.ToException();
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("idea.tags[1]", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_requested_fields_are_checked()
    {
        var (content, violations) = Validate(title: "", category: "nope", tags: [" New "], fields: ContentFields.Tags);
        Assert.True(violations.IsEmpty);
        Assert.Equal(["new"], content.Tags);
    }

    [Fact]
    public void Reasons_are_trimmed_limited_and_required_only_when_asked()
    {
        var violations = new FieldViolations();
        Assert.Null(IdeaValidator.ValidateReason("  ", required: false, "reason", violations));
        Assert.Equal("Too costly", IdeaValidator.ValidateReason(" Too costly ", required: true, "reason", violations));
        Assert.True(violations.IsEmpty);

        IdeaValidator.ValidateReason(" ", required: true, "reason", violations);
        IdeaValidator.ValidateReason(new string('r', 2_001), required: false, "reason", violations);
        Assert.Equal(["reason", "reason"], Fields(violations));
    }

    [Fact]
    public void Request_ids_allow_64_characters()
    {
        var violations = new FieldViolations();
        IdeaValidator.ValidateRequestId(new string('r', 64), "request_id", violations);
        Assert.True(violations.IsEmpty);
        IdeaValidator.ValidateRequestId(new string('r', 65), "request_id", violations);
        Assert.Equal(["request_id"], Fields(violations));
    }

    [Fact]
    public void Characters_counts_code_points()
    {
        Assert.Equal(3, Characters.Count("a\U0001F600b"));
        Assert.Equal(0, Characters.Count(""));
    }
}

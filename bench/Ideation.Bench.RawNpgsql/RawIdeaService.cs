using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Ideation.Contracts.Ideas.V1;
using Ideation.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Authorization;
using Npgsql;

namespace Ideation.Bench.RawNpgsql;

/// <summary>
/// GetIdea as one hand-written query: the columns the service reads (all but the search vector), the
/// same visibility rule in the WHERE clause (drafts only for their author; admins see everything),
/// mapped straight to the contract's Idea. Errors are plain NOT_FOUND / INVALID_ARGUMENT.
/// </summary>
[Authorize]
public sealed class RawIdeaService(NpgsqlDataSource dataSource) : IdeaService.IdeaServiceBase
{
    private const string Columns =
        "id, title, description, category, tags, state, author, author_display_name, create_time, update_time, submit_time, decision_reason, request_id, version";

    private const string VisibleSql = $"SELECT {Columns} FROM ideas WHERE id = $1 AND (state <> 'draft' OR author = $2)";
    private const string AnySql = $"SELECT {Columns} FROM ideas WHERE id = $1";

    public override async Task<Idea> GetIdea(GetIdeaRequest request, ServerCallContext context)
    {
        if (!request.Name.StartsWith("ideas/", StringComparison.Ordinal) || !Guid.TryParseExact(request.Name.AsSpan(6), "D", out var id))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"'{request.Name}' is not an idea name."));
        }

        var caller = Caller.From(context.GetHttpContext().User);
        await using var command = dataSource.CreateCommand(caller.IsAdmin ? AnySql : VisibleSql);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        if (!caller.IsAdmin)
        {
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = caller.UserId });
        }

        await using var reader = await command.ExecuteReaderAsync(context.CancellationToken);
        if (!await reader.ReadAsync(context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Idea '{request.Name}' not found."));
        }

        var idea = new Idea
        {
            Name = request.Name,
            Title = reader.GetString(1),
            Description = reader.GetString(2),
            Category = reader.GetString(3),
            State = State(reader.GetString(5)),
            Author = reader.GetString(6),
            AuthorDisplayName = reader.GetString(7),
            CreateTime = Timestamp.FromDateTime(reader.GetDateTime(8)),
            UpdateTime = Timestamp.FromDateTime(reader.GetDateTime(9)),
            SubmitTime = reader.IsDBNull(10) ? null : Timestamp.FromDateTime(reader.GetDateTime(10)),
            DecisionReason = reader.IsDBNull(11) ? "" : reader.GetString(11),
            Etag = reader.GetInt64(13).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        idea.Tags.AddRange(reader.GetFieldValue<string[]>(4));
        return idea;
    }

    private static Idea.Types.State State(string word) => word switch
    {
        "draft" => Idea.Types.State.Draft,
        "submitted" => Idea.Types.State.Submitted,
        "under_review" => Idea.Types.State.UnderReview,
        "approved" => Idea.Types.State.Approved,
        "rejected" => Idea.Types.State.Rejected,
        "implemented" => Idea.Types.State.Implemented,
        "withdrawn" => Idea.Types.State.Withdrawn,
        _ => Idea.Types.State.Unspecified,
    };
}

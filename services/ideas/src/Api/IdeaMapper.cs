using System.Globalization;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Ideation.Contracts.Ideas.V1;
using Ideation.Ideas.Domain;
using Ideation.Ideas.Persistence;

namespace Ideation.Ideas.Api;

/// <summary>Rows to contract messages and back; the only place that knows both shapes.</summary>
internal static class IdeaMapper
{
    private static readonly EnumDescriptor StateDescriptor = Idea.Descriptor.EnumTypes.Single(type => type.Name == "State");

    public static Idea ToProto(this IdeaRecord record)
    {
        var idea = new Idea
        {
            Name = IdeaNames.Format(record.Id),
            Title = record.Title,
            Description = record.Description,
            Category = record.Category,
            State = record.State.ToProto(),
            Author = record.Author,
            AuthorDisplayName = record.AuthorDisplayName,
            CreateTime = Timestamp.FromDateTime(record.CreateTime),
            UpdateTime = Timestamp.FromDateTime(record.UpdateTime),
            SubmitTime = record.SubmitTime is { } submitted ? Timestamp.FromDateTime(submitted) : null,
            DecisionReason = record.DecisionReason ?? "",
            Etag = Etag(record.Version),
        };
        idea.Tags.AddRange(record.Tags);
        return idea;
    }

    public static IdeaEvent ToProto(this IdeaEventRecord record)
    {
        var ideaEvent = new IdeaEvent
        {
            Name = IdeaNames.FormatEvent(record.IdeaId, record.Sequence),
            Kind = record.Kind switch
            {
                IdeaEventKind.Created => IdeaEvent.Types.Kind.Created,
                IdeaEventKind.Edited => IdeaEvent.Types.Kind.Edited,
                IdeaEventKind.StateChanged => IdeaEvent.Types.Kind.StateChanged,
                _ => IdeaEvent.Types.Kind.Unspecified,
            },
            Actor = record.Actor,
            ActorDisplayName = record.ActorDisplayName,
            CreateTime = Timestamp.FromDateTime(record.CreateTime),
            FromState = record.FromState?.ToProto() ?? Idea.Types.State.Unspecified,
            ToState = record.ToState.ToProto(),
            Reason = record.Reason ?? "",
        };
        ideaEvent.ChangedFields.AddRange(record.ChangedFields);
        return ideaEvent;
    }

    public static IdeaContent ToContent(this Idea idea) => new(idea.Title, idea.Description, idea.Category, idea.Tags.ToList());

    /// <summary>The etag is the version: it changes with every write and nothing else.</summary>
    public static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);

    public static Idea.Types.State ToProto(this IdeaState state) => state switch
    {
        IdeaState.Draft => Idea.Types.State.Draft,
        IdeaState.Submitted => Idea.Types.State.Submitted,
        IdeaState.UnderReview => Idea.Types.State.UnderReview,
        IdeaState.Approved => Idea.Types.State.Approved,
        IdeaState.Rejected => Idea.Types.State.Rejected,
        IdeaState.Implemented => Idea.Types.State.Implemented,
        IdeaState.Withdrawn => Idea.Types.State.Withdrawn,
        _ => Idea.Types.State.Unspecified,
    };

    /// <summary>The state as clients see it in the contract, for example <c>STATE_UNDER_REVIEW</c>.</summary>
    public static string ProtoName(this IdeaState state) =>
        StateDescriptor.FindValueByNumber((int)state.ToProto()).Name;

    public static IdeaState? FromProto(Idea.Types.State state) => state switch
    {
        Idea.Types.State.Draft => IdeaState.Draft,
        Idea.Types.State.Submitted => IdeaState.Submitted,
        Idea.Types.State.UnderReview => IdeaState.UnderReview,
        Idea.Types.State.Approved => IdeaState.Approved,
        Idea.Types.State.Rejected => IdeaState.Rejected,
        Idea.Types.State.Implemented => IdeaState.Implemented,
        Idea.Types.State.Withdrawn => IdeaState.Withdrawn,
        _ => null,
    };
}

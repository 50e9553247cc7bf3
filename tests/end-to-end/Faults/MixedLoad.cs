using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ideation.Testing;

namespace Ideation.EndToEnd.Tests.Faults;

/// <summary>
/// A mixed load over REST through the gateway, as users make it while parts of the platform fail:
/// idea writers (create, three updates, submit, start review), an uploader (clean PDFs and EICAR in
/// turn) and a reader that tries to download every document until it has its verdict. Every write
/// the platform acknowledges goes into the <see cref="LoadLedger"/>; a failed step is counted by kind
/// and its idea left as it was acknowledged (the writer moves on to a new one), so that the ledger
/// holds exactly what the platform promised.
/// </summary>
public sealed class MixedLoad : IAsyncDisposable
{
    private const int Writers = 2;
    private const int UpdatesPerIdea = 3;

    // Below documents' limit per idea (20): the uploader moves to a new idea after this many.
    private const int UploadsPerIdea = 10;

    // A request that hangs longer than this counts as a timeout, so that the load keeps moving. Longer
    // than the gateway's own 30 s deadline: on a loaded machine a create can take 30 s and succeed.
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(90);

    private readonly HttpClient _submitter;
    private readonly HttpClient _reviewer;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers = [];

    public MixedLoad(Platform platform)
    {
        SubmitterToken = TestIdentity.Submitter($"load-{Guid.NewGuid():N}");
        _submitter = platform.RestClient(SubmitterToken);
        _reviewer = platform.RestClient(TestIdentity.Reviewer($"reviewer-{Guid.NewGuid():N}"));
        for (var writer = 0; writer < Writers; writer++)
        {
            _workers.Add(Task.Run(WriteIdeasAsync));
        }

        _workers.Add(Task.Run(UploadAsync));
        _workers.Add(Task.Run(ReadDocumentsAsync));
    }

    /// <summary>The token of the user who owns everything the load writes, to read it back.</summary>
    public string SubmitterToken { get; }

    public LoadLedger Ledger { get; } = new();
    public LoadStatistics Statistics { get; } = new();

    /// <summary>Stops every worker after the step it is in.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _submitter.Dispose();
        _reviewer.Dispose();
        _stop.Dispose();
    }

    private async Task WriteIdeasAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var title = $"Load {Guid.NewGuid():N}"[..17];
            var created = await SendAsync(_submitter, HttpMethod.Post, $"/v1/ideas?requestId={Guid.NewGuid():N}", IdeaBody(title, 0));
            if (created is null)
            {
                await PauseAsync(200);
                continue;
            }

            var idea = Ledger.Created(created.Value.GetProperty("name").GetString()!, title);
            await AdvanceAsync(idea);
            await PauseAsync(50);
        }
    }

    /// <summary>Updates, submits and starts the review of one idea, stopping at the first step that fails.</summary>
    private async Task AdvanceAsync(AcknowledgedIdea idea)
    {
        for (var revision = 1; revision <= UpdatesPerIdea; revision++)
        {
            if (_stop.IsCancellationRequested || await SendAsync(_submitter, HttpMethod.Patch, $"/v1/{idea.Name}", IdeaBody(idea.Title, revision)) is null)
            {
                return;
            }

            Ledger.Updated(idea, revision);
            await ReadAsync($"/v1/{idea.Name}");
        }

        if (_stop.IsCancellationRequested || await SendAsync(_submitter, HttpMethod.Post, $"/v1/{idea.Name}:submit", new { }) is null)
        {
            return;
        }

        Ledger.Transitioned(idea, "STATE_SUBMITTED");
        if (_stop.IsCancellationRequested || await SendAsync(_reviewer, HttpMethod.Post, $"/v1/{idea.Name}:startReview", new { }) is null)
        {
            return;
        }

        Ledger.Transitioned(idea, "STATE_UNDER_REVIEW");
    }

    private async Task UploadAsync()
    {
        string? idea = null;
        var uploadsToIdea = 0;
        var acknowledged = 0;
        for (var upload = 0; !_stop.IsCancellationRequested; upload++)
        {
            if (uploadsToIdea == UploadsPerIdea)
            {
                (idea, uploadsToIdea) = (null, 0);
            }

            idea ??= (await SendAsync(_submitter, HttpMethod.Post, "/v1/ideas", IdeaBody("Documents under load", 0)))?.GetProperty("name").GetString();
            if (idea is not null)
            {
                // One acknowledged upload in three is EICAR (the second first): it must end INFECTED and never be readable.
                var infected = acknowledged % 3 == 1;
                var content = infected ? TestFiles.Eicar() : TestFiles.Pdf($"Load {upload} {Guid.NewGuid():N}");
                var body = new ByteArrayContent(content);
                body.Headers.ContentType = MediaTypeHeaderValue.Parse(infected ? "text/plain" : "application/pdf");
                var filename = infected ? $"notes-{upload}.txt" : $"plan-{upload}.pdf";
                var document = await SendAsync(_submitter, HttpMethod.Post, $"/v1/{idea}/documents?filename={filename}", body);
                if (document is not null)
                {
                    uploadsToIdea++;
                    acknowledged++;
                    Ledger.Uploaded(document.Value.GetProperty("name").GetString()!, infected ? "SCAN_STATE_INFECTED" : "SCAN_STATE_CLEAN");
                }
            }

            await PauseAsync(250);
        }
    }

    /// <summary>
    /// Polls every document that has no verdict yet: its state, a download and a download URL. A
    /// download or URL granted for a document that is not CLEAN right afterwards, or for EICAR at
    /// any time, is a document readable before CLEAN.
    /// </summary>
    private async Task ReadDocumentsAsync()
    {
        var decided = new HashSet<string>(StringComparer.Ordinal);
        while (!_stop.IsCancellationRequested)
        {
            foreach (var upload in Ledger.Uploads.Where(upload => !decided.Contains(upload.Name)).ToList())
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                await ProbeReadAsync(upload, HttpMethod.Get, $"/v1/{upload.Name}:download", "download");
                await ProbeReadAsync(upload, HttpMethod.Post, $"/v1/{upload.Name}:createDownloadUrl", "download URL");
                var state = await ReadAsync($"/v1/{upload.Name}");
                if (state?.GetProperty("scanState").GetString() is "SCAN_STATE_CLEAN" or "SCAN_STATE_INFECTED" or "SCAN_STATE_UNSCANNABLE" or "SCAN_STATE_FAILED")
                {
                    decided.Add(upload.Name);
                }
            }

            await PauseAsync(250);
        }
    }

    private async Task ProbeReadAsync(AcknowledgedUpload upload, HttpMethod method, string path, string what)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = JsonContent.Create(new { });
        }

        Statistics.Sent();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await _submitter.SendAsync(request, timeout.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                // Refused (not clean yet, or a part is down): what must happen until the verdict.
                return;
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            return;
        }

        var state = await StateAfterGrantAsync(upload);
        if (upload.ExpectedState != "SCAN_STATE_CLEAN" || state != "SCAN_STATE_CLEAN")
        {
            Ledger.ReadBeforeClean($"{upload.Name}: {what} granted, state then {state}, expected {upload.ExpectedState}");
        }
    }

    /// <summary>
    /// The document's state right after a read was granted, asked again until it answers: a fault
    /// may strike between the two calls, and an unanswered question is no evidence either way.
    /// Not cut short by stopping the load: a grant must always be judged.
    /// </summary>
    private async Task<string> StateAfterGrantAsync(AcknowledgedUpload upload)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (true)
        {
            try
            {
                using var timeout = new CancellationTokenSource(RequestTimeout);
                using var response = await _submitter.GetAsync($"/v1/{upload.Name}", timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
                    return json.RootElement.GetProperty("scanState").GetString()!;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
            {
                // A part is down: ask again.
            }

            if (DateTime.UtcNow > deadline)
            {
                return "unknown";
            }

            await Task.Delay(500);
        }
    }

    private Task<JsonElement?> ReadAsync(string path) => SendAsync(_submitter, HttpMethod.Get, path, null);

    /// <summary>Sends one request; returns the JSON answer of a 200, or null after counting the failure by kind.</summary>
    private async Task<JsonElement?> SendAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = body switch
            {
                null => null,
                HttpContent content => content,
                _ => JsonContent.Create(body),
            },
        };
        Statistics.Sent();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var json = JsonDocument.Parse(text);
                return json.RootElement.Clone();
            }

            Statistics.Failed(LoadStatistics.KindOf(response.StatusCode, text));
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The load stopped mid-request: not an error of the platform.
        }
        catch (OperationCanceledException)
        {
            Statistics.Failed("timeout");
        }
        catch (HttpRequestException exception)
        {
            Statistics.Failed(exception.HttpRequestError == HttpRequestError.Unknown ? "connection error" : $"connection: {exception.HttpRequestError}");
        }

        return null;
    }

    private static object IdeaBody(string title, int revision) => new
    {
        title,
        description = $"Written by the fault-injection load, revision {revision}.",
        category = "workplace",
    };

    private async Task PauseAsync(int milliseconds)
    {
        try
        {
            await Task.Delay(milliseconds, _stop.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

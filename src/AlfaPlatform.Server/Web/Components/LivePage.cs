using AlfaPlatform.Server.Dashboards;
using AlfaPlatform.Server.Dashboards.Contracts;
using AlfaPlatform.Server.Infrastructure.Messaging;
using Microsoft.AspNetCore.Components;

namespace AlfaPlatform.Server.Web.Components;

/// <summary>
/// A page that keeps itself current (a dashboard, a request): it reads as the signed-in person, for the app's "as of"
/// day, and reads again by itself when a projection feeding it advances (the server's change feed, no polling). It
/// marks itself ready (<c>data-ready</c>) once interactive and loaded, so that browser tests click only a live page.
/// When the circuit's session ends (<see cref="WebSessionRevalidation"/>) it stops listening and reads nothing more.
/// </summary>
public abstract partial class LivePage : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationToken _closed;
    private readonly SemaphoreSlim _oneReadAtATime = new(1, 1);
    private int _loads;
    private bool _interactive;
    private bool _listening;

    protected LivePage() => _closed = _closing.Token; // kept: the source is disposed with the page, its token stays readable

    [Inject]
    protected WebMediator Mediator { get; set; } = null!;

    [Inject]
    private ILogger<LivePage> Logger { get; set; } = null!;

    [Inject]
    private Localization.Text<Localization.Words> Words { get; set; } = null!;

    [Inject]
    protected NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private IDashboardChanges Changes { get; set; } = null!;

    [Inject]
    private Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider Authentication { get; set; } = null!;

    /// <summary>The dashboards (as the change feed names them) whose advance makes this page read again.</summary>
    protected abstract IReadOnlyList<string> Feeds { get; }

    /// <summary>The <c>?asOf=</c> of the address: a parameter, so that choosing another day reads the figures again.</summary>
    [SupplyParameterFromQuery(Name = "asOf")]
    public string? AsOfText { get; set; }

    protected DateOnly? AsOf { get; private set; }

    protected bool Loaded { get; private set; }

    protected bool Ready { get; private set; }

    protected string? Problem { get; private set; }

    /// <summary>How many times the figures were read by this page: the live test sees it grow.</summary>
    protected int Reads { get; private set; }

    protected abstract Task LoadAsync(CancellationToken cancellationToken);

    protected override void OnInitialized() => Authentication.AuthenticationStateChanged += OnAuthenticationStateChanged;

    private void OnAuthenticationStateChanged(Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> changed) =>
        changed.ContinueWith(
            state =>
            {
                if (state.IsCompletedSuccessfully && state.Result.User.Identity?.IsAuthenticated != true)
                {
                    _closing.Cancel(); // the session ended: no more live updates, and reads under way are cancelled
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    protected override async Task OnParametersSetAsync()
    {
        AsOf = AsOfQuery.Parse(AsOfText);
        await ReloadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            if (!_listening)
            {
                _listening = true;
                _ = ListenAsync(_closed);
            }
        }

        if (_interactive && Loaded && !Ready)
        {
            Ready = true;
            StateHasChanged();
        }
    }

    /// <summary>Reads again now: the page changed what it asks for (a filter, a page), or acted itself.</summary>
    protected Task ReadAgainAsync() => ReloadAsync();

    /// <summary>
    /// Reads the figures once more, one read at a time: a page sets what it read field by field, so two reads at once
    /// (the change feed's, and the page's own after it acted) could leave it showing parts of both, an older record's
    /// version among them, which the page's next change would then send and be refused for. A read waits for the one
    /// under way and then reads anew; the last to run read last. A read overtaken by a later one (another day chosen
    /// while the feed reloads) does not count as the page's; a failed read is shown and logged, and the page keeps
    /// listening.
    /// </summary>
    private async Task ReloadAsync()
    {
        var load = Interlocked.Increment(ref _loads);
        await _oneReadAtATime.WaitAsync(CancellationToken.None);
        try
        {
            await ReadAsync(load);
        }
        finally
        {
            _oneReadAtATime.Release();
        }
    }

    private async Task ReadAsync(int load)
    {
        try
        {
            await LoadAsync(_closed);
            if (load != Volatile.Read(ref _loads))
            {
                return;
            }

            Problem = null;
        }
        catch (RequestValidationException e)
        {
            Problem = string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
            return; // the page closed, or its session ended
        }
        catch (WebSessionEndedException)
        {
            _closing.Cancel();
            return;
        }
        catch (Exception e)
        {
            LogReadFailed(Logger, e, GetType().Name);
            Problem = Words["The page could not be read just now; it is read again at the next change."];
        }

        Reads++;
        Loaded = true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The page {Page} could not read what it shows.")]
    private static partial void LogReadFailed(ILogger logger, Exception exception, string page);

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        try
        {
            var listening = Changes.ListenAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (listening.ConfigureAwait(false))
            {
                var next = listening.MoveNextAsync();
                await InvokeAsync(async () => { await ReloadAsync(); StateHasChanged(); }); // nothing falls between load and listen
                while (await next)
                {
                    if (listening.Current.Dashboards.Any(Feeds.Contains))
                    {
                        await InvokeAsync(async () => { await ReloadAsync(); StateHasChanged(); });
                    }

                    next = listening.MoveNextAsync();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // the page closed
        }
    }

    public void Dispose()
    {
        Authentication.AuthenticationStateChanged -= OnAuthenticationStateChanged;
        _closing.Cancel(); // not disposed: a reload already queued still reads its (cancelled) token
        GC.SuppressFinalize(this);
    }
}

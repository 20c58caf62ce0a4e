using AlfaPlatform.Server.Web.Components;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>
/// A live page reads one read at a time: the change feed's read and the page's own after it acted never interleave,
/// so what the page shows (a record's version among it) comes from one read, the last.
/// </summary>
public sealed class LivePageReadsTests
{
    /// <summary>A page whose reads wait at a gate, and which counts how many run at once.</summary>
    private sealed class GatedPage : LivePage
    {
        private int _running;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int MostAtOnce { get; private set; }

        public List<int> Started { get; } = [];

        public int Version { get; set; }

        public int Shown { get; private set; }

        protected override IReadOnlyList<string> Feeds => [];

        public Task ReadNowAsync() => ReadAgainAsync();

        protected override async Task LoadAsync(CancellationToken cancellationToken)
        {
            MostAtOnce = Math.Max(MostAtOnce, Interlocked.Increment(ref _running));
            var read = Version; // what the database holds when this read starts
            Started.Add(read);
            await Gate.Task;
            Shown = read;
            Interlocked.Decrement(ref _running);
        }
    }

    [Fact]
    public async Task a_read_asked_for_while_another_runs_waits_for_it_and_then_reads_anew()
    {
        var page = new GatedPage { Version = 1 };

        var feeds = page.ReadNowAsync(); // the change feed's read, under way
        page.Version = 2; // the page acts meanwhile, and reads again after its change
        var own = page.ReadNowAsync();
        Assert.Equal([1], page.Started); // the second read has not started

        page.Gate.SetResult();
        await Task.WhenAll(feeds, own).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, page.MostAtOnce);
        Assert.Equal([1, 2], page.Started);
        Assert.Equal(2, page.Shown);
    }
}

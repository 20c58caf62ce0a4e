using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("AlfaPlatform.Server.Tests.Fixtures.TestRunLifetime", "AlfaPlatform.Server.Tests")]

namespace AlfaPlatform.Server.Tests.Fixtures;

/// <summary>
/// xunit v2 has no assembly fixture: the test framework itself is disposed once the whole run is over, so the
/// throwaway PostgreSQL server stops with the tests instead of outliving them (process-exit handlers do not run
/// reliably in the test host).
/// </summary>
public sealed class TestRunLifetime : XunitTestFramework
{
    public TestRunLifetime(IMessageSink messageSink) : base(messageSink) =>
        DisposalTracker.Add(new StopServer());

    private sealed class StopServer : IDisposable
    {
        public void Dispose() => TestPostgres.Stop();
    }
}

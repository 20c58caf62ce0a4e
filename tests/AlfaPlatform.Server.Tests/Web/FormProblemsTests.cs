using AlfaPlatform.Domain.Common;
using AlfaPlatform.Server.Web.Components.Widgets;

namespace AlfaPlatform.Server.Tests.Web;

/// <summary>A form's send: a command the platform did not answer leaves the page up and says so; a bug still surfaces.</summary>
public sealed class FormProblemsTests
{
    [Fact]
    public async Task a_command_the_platform_did_not_answer_is_said_and_the_form_stays()
    {
        var problems = new FormProblems();

        Assert.False(await problems.SendAsync(() => throw new TimeoutException("Response did not arrive on time")));
        Assert.True(problems.Unanswered);
        Assert.True(problems.Any);

        Assert.True(await problems.SendAsync(() => Task.FromResult(CommandResult.Accepted(2))));
        Assert.False(problems.Unanswered); // an answer clears it
    }

    [Fact]
    public async Task a_failure_that_is_not_a_missing_answer_is_not_hidden()
    {
        var problems = new FormProblems();
        await Assert.ThrowsAsync<InvalidOperationException>(() => problems.SendAsync(() => throw new InvalidOperationException("a bug")));
        Assert.False(problems.Unanswered);
    }
}

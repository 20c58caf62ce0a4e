namespace AlfaPlatform.Domain.Collaborations;

/// <summary>How long the network gives itself, in working days: to screen a submitted request, and for a routed team to answer.</summary>
public sealed record TimeLimits(int ScreeningWorkingDays = 5, int AnswerWorkingDays = 10)
{
    public static TimeLimits Default { get; } = new();
}

/// <summary>Working days are Monday to Friday; public holidays are not counted out.</summary>
public static class WorkingDays
{
    /// <summary>The day <paramref name="days"/> working days after <paramref name="from"/>.</summary>
    public static DateOnly Add(DateOnly from, int days)
    {
        var day = from;
        for (var added = 0; added < days;)
        {
            day = day.AddDays(1);
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
            {
                added++;
            }
        }

        return day;
    }
}

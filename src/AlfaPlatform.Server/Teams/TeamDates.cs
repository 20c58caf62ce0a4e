namespace AlfaPlatform.Server.Teams;

public static class TeamDates
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);
}

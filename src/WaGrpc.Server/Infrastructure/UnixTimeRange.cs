using WaGrpc.Core;

namespace WaGrpc.Server.Infrastructure;

/// <summary>The legacy min_time / max_time pair (unix seconds) of /messages and /instanceStatuses.</summary>
public static class UnixTimeRange
{
    /// <summary>Throws <see cref="ValidationException"/> on min_time or max_time when a bound is negative or min_time is after max_time.</summary>
    public static void Check(bool hasMin, long min, bool hasMax, long max)
    {
        if (hasMin && min < 0)
        {
            throw new ValidationException("min_time", "min_time must be a unix time in seconds, 0 or more");
        }

        if (hasMax && max < 0)
        {
            throw new ValidationException("max_time", "max_time must be a unix time in seconds, 0 or more");
        }

        if (hasMin && hasMax && min > max)
        {
            throw new ValidationException("min_time", "min_time is after max_time");
        }
    }
}

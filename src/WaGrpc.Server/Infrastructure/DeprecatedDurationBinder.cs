using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace WaGrpc.Server.Infrastructure;

/// <summary>
/// Reads the old keys of one options type's durations (see <see cref="DeprecatedDurationKeys"/>):
/// an old key sets its new option unless the new key is set too, which fails validation at start,
/// as does an old key that is not a whole number or out of the new option's range (which the
/// options' own ValidateDataAnnotations reports as well, by the new name only).
/// </summary>
public sealed class DeprecatedDurationBinder<TOptions>(IConfiguration configuration, string section, IReadOnlyList<DeprecatedDurationKey<TOptions>> keys)
    : IConfigureOptions<TOptions>, IValidateOptions<TOptions>
    where TOptions : class
{
    public void Configure(TOptions options)
    {
        var values = configuration.GetSection(section);
        foreach (var key in keys)
        {
            if (OldCount(values, key) is { } count && !IsSet(values, key.NewKey))
            {
                key.Set(options, Times(key.Unit, count));
            }
        }
    }

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var values = configuration.GetSection(section);
        var failures = new List<string>();
        foreach (var key in keys.Where(k => IsSet(values, k.OldKey)))
        {
            if (IsSet(values, key.NewKey))
            {
                failures.Add($"{section}:{key.OldKey} (deprecated) and {section}:{key.NewKey} are both set: keep only {key.NewKey}.");
            }
            else if (OldCount(values, key) is null)
            {
                failures.Add($"{section}:{key.OldKey} (deprecated) must be a whole number, not '{values[key.OldKey]}'; better, set {section}:{key.NewKey} (a TimeSpan such as 00:00:30).");
            }
            else
            {
                var property = typeof(TOptions).GetProperty(key.NewKey)!;
                var value = property.GetValue(options);
                failures.AddRange(property.GetCustomAttributes<ValidationAttribute>()
                    .Where(rule => !rule.IsValid(value))
                    .Select(rule => $"{section}:{key.OldKey}={values[key.OldKey]} (deprecated, read as {key.NewKey}={value}): {rule.FormatErrorMessage(key.NewKey)}"));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Beyond TimeSpan's range: its end, which the option's range check then refuses by name.
    private static TimeSpan Times(TimeSpan unit, int count)
    {
        var ticks = (double)unit.Ticks * count;
        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue
            : ticks <= TimeSpan.MinValue.Ticks ? TimeSpan.MinValue
            : TimeSpan.FromTicks((long)ticks);
    }

    private static bool IsSet(IConfigurationSection values, string key) => !string.IsNullOrEmpty(values[key]);

    private static int? OldCount(IConfigurationSection values, DeprecatedDurationKey<TOptions> key) =>
        int.TryParse(values[key.OldKey], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : null;
}

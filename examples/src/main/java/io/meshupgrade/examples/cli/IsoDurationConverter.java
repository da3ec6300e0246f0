package io.meshupgrade.examples.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses the CLI's durations (ISO-8601, as {@link Duration#parse}); a value that does not parse says what to type. */
final class IsoDurationConverter implements ITypeConverter<Duration> {

  /** What every duration error message ends with. */
  static final String HINT = "use the ISO-8601 form, e.g. PT30S (30 seconds), PT10M (10 minutes), PT1H30M";

  @Override
  public Duration convert(String value) {
    try {
      return Duration.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is not a duration: " + HINT);
    }
  }
}

package io.isthmus.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses durations written as a number and a unit: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}; or {@code 0}. */
public final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String text = value.strip();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        int unitAt = 0;
        while (unitAt < text.length() && Character.isDigit(text.charAt(unitAt)) && text.charAt(unitAt) < 128) {
            unitAt++;
        }
        if (unitAt == 0 || unitAt > 9) {
            throw invalid(value);
        }
        long amount = Long.parseLong(text.substring(0, unitAt));
        return switch (text.substring(unitAt)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw invalid(value);
        };
    }

    private static TypeConversionException invalid(String value) {
        return new TypeConversionException("'" + value + "' is not a duration like 500ms, 5s, 2m or 1h");
    }
}

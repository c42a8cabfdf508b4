package io.iisbot.bot.command;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a scheduled operation runs, as typed after {@code --at}: a time of day ({@code 03:00}, the
 * next one to come) or a date and time ({@code 2026-12-24T03:00}), both in the bot's time zone.
 *
 * @param date the day, or {@code null} for the next time the clock shows {@code time}
 * @param time the time of day, to the minute
 */
public record At(LocalDate date, LocalTime time) {

  private static final Pattern FORM =
      Pattern.compile("(?:([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt ])?([0-9]{1,2}):([0-9]{2})");

  /** How a resolved time is shown: {@code 2026-12-24 03:00 UTC}. */
  public static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);

  /** A time that is not ahead of now: a date and time already past. */
  public static final class NotAhead extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    NotAhead(String message) {
      super(message);
    }
  }

  public At {
    Objects.requireNonNull(time, "time");
  }

  /**
   * Reads {@code HH:MM} or {@code YYYY-MM-DDTHH:MM}.
   *
   * @throws IllegalArgumentException with a message for the chat user
   */
  public static At parse(String raw) {
    Matcher m = FORM.matcher(raw.strip());
    try {
      if (m.matches()) {
        LocalTime t = LocalTime.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        return new At(m.group(1) == null ? null : LocalDate.parse(m.group(1)), t);
      }
    } catch (DateTimeException e) {
      // Falls through to the message below: 25:00 or 2026-02-30 read as no time at all.
    }
    throw new IllegalArgumentException(
        "--at needs a time like 03:00 or a date and time like 2026-12-24T03:00, was "
            + Texts.quote(raw));
  }

  /**
   * The instant this names in {@code zone}, seen from {@code now}: a time of day alone is the next
   * one after now.
   *
   * @throws NotAhead when a date and time is not after now
   */
  public Instant resolve(Instant now, ZoneId zone) {
    ZonedDateTime current = now.atZone(zone);
    if (date == null) {
      ZonedDateTime today = ZonedDateTime.of(current.toLocalDate(), time, zone);
      return (today.isAfter(current) ? today : today.plusDays(1)).toInstant();
    }
    ZonedDateTime at = ZonedDateTime.of(LocalDateTime.of(date, time), zone);
    if (!at.isAfter(current)) {
      throw new NotAhead(
          "--at "
              + this
              + " is not ahead: it is "
              + SHOWN.format(current)
              + " now (times are in "
              + zone.getId()
              + ")");
    }
    return at.toInstant();
  }

  @Override
  public String toString() {
    return (date == null ? "" : date + "T") + time;
  }
}

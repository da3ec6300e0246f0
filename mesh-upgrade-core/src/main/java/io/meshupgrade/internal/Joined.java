package io.meshupgrade.internal;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** The text form of lists in the checkpoint's details (comma-joined), written here only. Not API. */
final class Joined {

  private Joined() {}

  /** {@code items} joined with commas ("" for none). */
  static String of(Collection<?> items) {
    return items.stream().map(Object::toString).collect(Collectors.joining(","));
  }

  /** The items of {@code joined} (none for ""). */
  static List<String> split(String joined) {
    return joined.isEmpty() ? List.of() : List.of(joined.split(","));
  }
}

package io.meshupgrade.report;

import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Unmodifiable sorted copies of the maps the model's values hold (Map.copyOf would lose the order).
 *
 * <p>Thread-safe (stateless).
 */
final class SortedMaps {

  private SortedMaps() {
  }

  /** An unmodifiable copy of {@code map} in its keys' natural order; null keys or values throw NPE. */
  static <K extends Comparable<? super K>, V> SortedMap<K, V> copyOf(Map<K, V> map, String name) {
    return copyOf(map, Comparator.naturalOrder(), name);
  }

  /** An unmodifiable copy of {@code map} in {@code order}; null keys or values throw NPE. */
  static <K, V> SortedMap<K, V> copyOf(Map<K, V> map, Comparator<? super K> order, String name) {
    Objects.requireNonNull(map, name);
    TreeMap<K, V> copy = new TreeMap<>(order);
    map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, name + " key"),
        Objects.requireNonNull(v, name + " value")));
    return Collections.unmodifiableSortedMap(copy);
  }
}

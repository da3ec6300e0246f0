package io.meshupgrade.testkit.arm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** One long-running operation of the fake. Guarded by the state's lock. Not API. */
final class Operation {
  final String id;
  final String apiVersion;
  final Instant startTime;
  final List<String> before;
  final List<String> after;
  /** serviceMeshProfile before the PUT (to restore on failure), or null when there was none. */
  final JsonNode previousMeshProfile;
  final OperationSpec spec;
  final boolean foreign;
  int stepsLeft;
  String status = "InProgress";
  Instant endTime;

  Operation(String id, String apiVersion, Instant startTime, List<String> before, List<String> after,
      JsonNode previousMeshProfile, OperationSpec spec, int steps, boolean foreign) {
    this.id = id;
    this.apiVersion = apiVersion;
    this.startTime = startTime;
    this.before = List.copyOf(before);
    this.after = List.copyOf(after);
    this.previousMeshProfile = previousMeshProfile;
    this.spec = spec;
    this.stepsLeft = steps;
    this.foreign = foreign;
  }

  boolean running() {
    return endTime == null;
  }
}

package io.meshupgrade;

import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.PlanStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link PlanStore} in a local directory: one file {@code <key>.plan} per key, holding a version counter and the
 * checkpoint text. Writes are atomic (a temporary file moved over the old one); compare-and-set compares the
 * counter under a file lock, so two processes sharing the directory cannot both win. JDK file I/O only.
 *
 * <p>Thread-safe.
 */
public final class FilePlanStore implements PlanStore {

  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");
  private static final Pattern HEADER = Pattern.compile("mesh-upgrade-plan-store version=(0|[1-9][0-9]{0,17})\n");
  private static final String HEADER_FORM = "mesh-upgrade-plan-store version=<n>";

  private final Path directory;

  /**
   * A store in {@code directory} (created when absent).
   *
   * @throws MeshUpgradeException when the directory cannot be created
   */
  public FilePlanStore(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new MeshUpgradeException("cannot create the plan directory " + directory + ": check its permissions", e);
    }
  }

  /** The directory. */
  public Path directory() {
    return directory;
  }

  private Path file(String key) {
    Objects.requireNonNull(key, "key");
    if (!KEY.matcher(key).matches() || key.contains("..")) {
      throw new IllegalArgumentException("'" + key + "' is not a plan key: expected letters, digits, '.', '_' or"
          + " '-', such as " + MeshUpgrader.DEFAULT_PLAN_KEY);
    }
    return directory.resolve(key + ".plan");
  }

  @Override
  public synchronized Optional<Checkpoint> load(String key) {
    return read(file(key));
  }

  private Optional<Checkpoint> read(Path f) {
    String text;
    try {
      text = Files.readString(f, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new MeshUpgradeException("cannot read the saved plan " + f + ": check its permissions", e);
    }
    int nl = text.indexOf('\n');
    Matcher m = HEADER.matcher(nl < 0 ? text : text.substring(0, nl + 1));
    if (nl < 0 || !m.matches()) {
      throw new CheckpointException("the saved plan " + f + " does not start with '" + HEADER_FORM
          + "': it was not written by this store; move it away to start over");
    }
    return Optional.of(new Checkpoint(text.substring(nl + 1), m.group(1)));
  }

  @Override
  public synchronized Checkpoint save(String key, String json, Optional<String> expectedVersion) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(expectedVersion, "expectedVersion");
    Path f = file(key);
    try (FileChannel ch = FileChannel.open(directory.resolve(key + ".lock"),
            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
         FileLock ignored = ch.lock()) {
      Optional<Checkpoint> current = read(f);
      Optional<String> stored = current.map(Checkpoint::version);
      if (!stored.equals(expectedVersion)) {
        throw new CheckpointException("the plan " + key + " was changed by another run (stored version "
            + stored.orElse("none") + ", expected " + expectedVersion.orElse("none")
            + "): reload it and decide again");
      }
      long next = current.map(c -> Long.parseLong(c.version()) + 1).orElse(1L);
      Path tmp = Files.createTempFile(directory, key + ".", ".tmp");
      try {
        Files.writeString(tmp, "mesh-upgrade-plan-store version=" + next + "\n" + json, StandardCharsets.UTF_8);
        move(tmp, f);
      } finally {
        Files.deleteIfExists(tmp);
      }
      return new Checkpoint(json, Long.toString(next));
    } catch (IOException e) {
      throw new MeshUpgradeException("cannot save the plan " + f + ": check the directory's permissions and free space", e);
    }
  }

  private static void move(Path tmp, Path f) throws IOException {
    try {
      Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public synchronized void delete(String key) {
    try {
      Files.deleteIfExists(file(key));
    } catch (IOException e) {
      throw new MeshUpgradeException("cannot delete the saved plan " + file(key) + ": check its permissions", e);
    }
  }

  @Override
  public String toString() {
    return "FilePlanStore[" + directory + "]";
  }
}

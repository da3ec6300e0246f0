package io.meshupgrade;

import io.meshupgrade.exception.CheckpointException;
import io.meshupgrade.exception.MeshUpgradeException;
import io.meshupgrade.spi.Checkpoint;
import io.meshupgrade.spi.PlanStore;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * A {@link PlanStore} in a local directory: one file {@code <key>.plan} per key, holding a version and the
 * checkpoint text. Writes are atomic and durable (a temporary file, forced to disk, then moved over the old one, and
 * the directory forced where the platform allows it); compare-and-set compares the version under a file lock on
 * {@code <key>.lock}, so two processes sharing the directory cannot both win. JDK file I/O only.
 *
 * <p>Versions are never reused, not even after {@link #delete}: the lock file keeps the last version issued (keep
 * it with the plan), so a run holding the version of a deleted plan cannot overwrite a newer plan by accident.
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
   * @param directory the directory
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

  /** {@return the directory} */
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
    try (FileChannel lock = openLock(key); FileLock ignored = lock.lock()) {
      Optional<Checkpoint> current = read(f);
      Optional<String> stored = current.map(Checkpoint::version);
      if (!stored.equals(expectedVersion)) {
        throw new CheckpointException("the plan " + key + " was changed by another run (stored version "
            + stored.orElse("none") + ", expected " + expectedVersion.orElse("none")
            + "): reload it and decide again");
      }
      // reserve the version before writing the plan: a crash in between leaves a gap, never a reused version
      long next = Math.max(lastIssued(lock), current.map(c -> Long.parseLong(c.version())).orElse(0L)) + 1;
      writeFully(lock, Long.toString(next));
      Path tmp = Files.createTempFile(directory, key + ".", ".tmp");
      try {
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          writeFully(out, "mesh-upgrade-plan-store version=" + next + "\n" + json);
        }
        move(tmp, f);
        forceDirectory();
      } finally {
        Files.deleteIfExists(tmp);
      }
      return new Checkpoint(json, Long.toString(next));
    } catch (IOException e) {
      throw new MeshUpgradeException(
          "cannot save the plan " + f + ": check the directory's permissions and free space", e);
    }
  }

  private FileChannel openLock(String key) throws IOException {
    return FileChannel.open(directory.resolve(key + ".lock"),
        StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** The last version issued for the key, kept in its lock file (0 when none, or unreadable: the plan then counts). */
  private static long lastIssued(FileChannel lock) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(32);
    lock.position(0);
    while (buf.hasRemaining() && lock.read(buf) > 0) {
      // read up to 32 bytes
    }
    String text = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
    return text.matches("[0-9]{1,18}") ? Long.parseLong(text) : 0L;
  }

  /** Replaces the channel's content with {@code text} and forces it to disk. */
  private static void writeFully(FileChannel ch, String text) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    ch.truncate(0);
    ch.position(0);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
    ch.force(true);
  }

  /** Forces the directory entry of the rename to disk; best effort (not every platform can open a directory). */
  private void forceDirectory() {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // e.g. Windows: the rename is still atomic, only its durability on power loss is not guaranteed
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
    Path f = file(key);
    try (FileChannel lock = openLock(key); FileLock ignored = lock.lock()) {
      Optional<String> stored = Files.exists(f) ? Optional.of(versionOf(f)) : Optional.empty();
      if (stored.isPresent() && Long.parseLong(stored.get()) > lastIssued(lock)) {
        writeFully(lock, stored.get()); // a plan written before versions were kept in the lock file
      }
      Files.deleteIfExists(f);
      forceDirectory();
    } catch (IOException e) {
      throw new MeshUpgradeException("cannot delete the saved plan " + f + ": check its permissions", e);
    }
  }

  private String versionOf(Path f) {
    try {
      return read(f).map(Checkpoint::version).orElse("0");
    } catch (CheckpointException e) {
      return "0"; // not ours: deleting it is what the caller asked
    }
  }

  @Override
  public String toString() {
    return "FilePlanStore[" + directory + "]";
  }
}

package io.meshupgrade.exception;

import io.meshupgrade.model.DanglingInjection;
import java.util.Objects;

/**
 * An upgrade or complete was refused because a revision tag or a namespace points injection at a revision that is
 * not installed ({@link DanglingInjection}); nothing was changed. Fix the tags and labels (for example
 * {@code istioctl tag set <tag> --revision <installed>}, or relabel the namespaces), or pass
 * {@link io.meshupgrade.options.UpgradeOptionsBuilder#repointDanglingTags(boolean)} to point them at the new revision.
 *
 * <p>Its context is immutable and safe to read from any thread.
 */
public class DanglingInjectionException extends UpgradeRefusedException {
  private static final long serialVersionUID = 1L;

  private final transient DanglingInjection dangling;

  /**
   * An exception with its context and a message that says what to do next.
   *
   * @param dangling what dangles
   * @param message what was refused and what to do next
   */
  public DanglingInjectionException(DanglingInjection dangling, String message) {
    super(message);
    this.dangling = Objects.requireNonNull(dangling, "dangling");
  }

  /** {@return the dangling tags and namespaces} */
  public DanglingInjection dangling() {
    return dangling;
  }
}

package io.meshupgrade.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshupgrade.options.UpgradeOptions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Issue 8: {@code --repoint-dangling-tags} reaches {@link UpgradeOptions#repointDanglingTags()}. */
class RepointDanglingTagsFlagTest {

  private static UpgradeOptions parse(String... args) {
    CommandLine.ParseResult parsed = new CommandLine(new MeshUpgradeCli()).parseArgs(args);
    MeshUpgradeCli.Upgrade.Run run = (MeshUpgradeCli.Upgrade.Run) parsed.subcommand().subcommand().commandSpec()
        .userObject();
    return run.run.toOptions(Optional.empty());
  }

  @Test
  void issue8_theFlagAsksToRepointDanglingTags() {
    assertThat(parse("upgrade", "run", "--repoint-dangling-tags").repointDanglingTags()).isTrue();
    assertThat(parse("upgrade", "run", "--concurrency", "3").repointDanglingTags()).isFalse();
  }
}

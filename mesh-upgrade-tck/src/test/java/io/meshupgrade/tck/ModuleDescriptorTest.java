package io.meshupgrade.tck;

import io.meshupgrade.tck.fakes.InMemoryMeshControlPlane;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: the jar's module-info exports the API packages and nothing else. The tests run on the class path (see the
 * parent pom's surefire configuration), so the compiled descriptor is read from target/classes, and the module is
 * resolved and loaded in a layer of its own, on a module path of its runtime dependencies only
 * (target/module-path.txt, written by the build).
 */
class ModuleDescriptorTest {

  private static final String MODULE = "io.meshupgrade.tck";
  private static final Set<String> API =
      Set.of("io.meshupgrade.tck", "io.meshupgrade.tck.fakes");

  @Test
  void issue9_moduleExportsOnlyTheApi() throws Exception {
    ModuleDescriptor module = compiledModule().descriptor();

    assertThat(module.name()).isEqualTo(MODULE);
    assertThat(module.isAutomatic()).isFalse();
    assertThat(module.isOpen()).isFalse();
    assertThat(module.opens()).isEmpty();
    assertThat(module.exports()).allSatisfy(e -> assertThat(e.isQualified()).as("qualified export %s", e).isFalse());
    Set<String> exported = module.exports().stream().map(Exports::source).collect(Collectors.toCollection(TreeSet::new));
    assertThat(exported).containsExactlyInAnyOrderElementsOf(API).noneMatch(p -> p.contains("internal"));
    // every package that is not internal is API: a new package must be exported (or be internal) on purpose
    Set<String> notExported = new TreeSet<>(module.packages());
    notExported.removeAll(exported);
    assertThat(module.requires()).anySatisfy(r -> {
      assertThat(r.name()).isEqualTo("io.meshupgrade");
      assertThat(r.modifiers()).contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
    });
    assertThat(notExported).as("every package of the TCK is API").isEmpty();
  }

  @Test
  void issue9_moduleResolvesOnAModulePathOfItsRuntimeDependencies() throws Exception {
    ModuleLayer layer = layerOf(MODULE);
    Module module = layer.findModule(MODULE).orElseThrow();

    Class<?> fake = layer.findLoader(MODULE).loadClass(InMemoryMeshControlPlane.class.getName());
    assertThat(fake.getModule()).isSameAs(module);
    assertThat(fake).isNotSameAs(InMemoryMeshControlPlane.class); // loaded from the module, not from the class path
    assertThat(module.isExported("io.meshupgrade.tck.fakes")).isTrue();
    // the core and JUnit's API come along on the module path, as modules, and are read transitively
    assertThat(layer.findModule("io.meshupgrade")).hasValueSatisfying(core -> assertThat(module.canRead(core)).isTrue());
    assertThat(layer.findModule("org.junit.jupiter.api")).hasValueSatisfying(j -> assertThat(module.canRead(j)).isTrue());
  }

  /** The module compiled into target/classes (where {@link InMemoryMeshControlPlane} was loaded from). */
  static ModuleReference compiledModule() throws URISyntaxException {
    Path classes = classesDirectory();
    return ModuleFinder.of(classes).find(MODULE)
        .orElseThrow(() -> new AssertionError("no module " + MODULE + " in " + classes));
  }

  private static Path classesDirectory() throws URISyntaxException {
    return Path.of(InMemoryMeshControlPlane.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static ModuleLayer layerOf(String root) throws Exception {
    List<Path> path = new ArrayList<>();
    path.add(classesDirectory());
    Path listing = Path.of("target", "module-path.txt");
    String text = Files.readString(listing).strip();
    if (!text.isEmpty()) {
      for (String entry : text.split(java.io.File.pathSeparator)) {
        path.add(Path.of(entry));
      }
    }
    ModuleFinder finder = ModuleFinder.of(path.toArray(Path[]::new));
    Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(root));
    return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
  }
}
